// SLO exhaustion benchmark: replayed, seeded SLI streams; forecasts from many origins; the true exhaustion comes
// from each stream's own future. Not a test: run with
//   node bench/slo/run.ts        (or npm run bench:slo; SLO_BENCH_SEEDS=2 for a quicker run)
// Writes bench/results/slo.md.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { evaluateStream, HORIZON, ORIGIN_EVERY, PREDICT_LINEAR_HOURS, type Case, type Variants } from './evaluate.ts';
import { DAY, generate, SCENARIOS } from './generate.ts';
import { bucketOf, hit, type Bucket } from './score.ts';

const HOUR = 3600;
const SEEDS = Number(process.env.SLO_BENCH_SEEDS ?? 4);
const VARIANTS: Variants = { regime: {}, counts: { method: 'counts' }, ratio: { method: 'ratio' } };
const OURS = Object.keys(VARIANTS);
const DEFAULT = 'regime';
const REFERENCE = 'clairvoyant';
const LABEL: Record<string, string> = {
  regime: 'ours (default: requests by the engine, error ratio of the current regime)',
  counts: 'ours, method counts (engine forecasts requests and error counts; the previous default)',
  ratio: 'ours, method ratio (engine forecasts requests and the error ratio)',
  clairvoyant: 'reference: clairvoyant (knows the noise-free future; not a method)',
};
const METHODS = [
  ...OURS,
  'first-order 1h',
  'first-order 6h',
  ...PREDICT_LINEAR_HOURS.map((h) => `predict_linear ${h}h`),
  REFERENCE,
];

const started = performance.now();
const cases: Case[] = [];
for (const scenario of SCENARIOS) {
  for (let k = 0; k < SEEDS; k++) {
    const seed = 1000 * (SCENARIOS.indexOf(scenario) + 1) + k;
    cases.push(...evaluateStream(generate(seed, scenario), VARIANTS));
    process.stderr.write(
      `${scenario} #${k}: ${cases.length} cases, ${((performance.now() - started) / 1000).toFixed(0)} s\n`
    );
  }
}

const pct = (k: number, n: number): string => (n === 0 ? '—' : `${((100 * k) / n).toFixed(1)}%`);
const verdict = (ok: boolean): string => (ok ? 'MET' : 'NOT MET');
const baselines = METHODS.filter((m) => !OURS.includes(m) && m !== REFERENCE);

/** The figures table and the target lines for one set of cases. */
function summary(all: Case[], title: string): string[] {
  const of = (b: Bucket): Case[] => all.filter((c) => bucketOf(c) === b);
  const share = (list: Case[], m: string): number => list.filter((c) => hit(c, m)).length / Math.max(1, list.length);
  const [far, day, none] = [of('far'), of('day'), of('none')];
  const table = [
    '| method | within 1 day (truth 1–14 days away) | within 2 hours (truth < 1 day away) | false exhaustion | ms per forecast |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...METHODS.map((m) => {
      const ms = OURS.includes(m) ? (all.reduce((s, c) => s + c.ms[m], 0) / all.length).toFixed(0) : '—';
      const falses = none.filter((c) => !hit(c, m)).length;
      return `| ${LABEL[m] ?? m} | ${pct(far.filter((c) => hit(c, m)).length, far.length)} | ${pct(day.filter((c) => hit(c, m)).length, day.length)} | ${pct(falses, none.length)} | ${ms} |`;
    }),
  ];
  const best = (list: Case[]): { m: string; v: number } =>
    baselines.map((m) => ({ m, v: share(list, m) })).reduce((a, b) => (b.v > a.v ? b : a));
  const oFar = share(far, DEFAULT);
  const oDay = share(day, DEFAULT);
  const bFar = best(far);
  const bDay = best(day);
  // interval coverage: truth inside [earliest, latest] (latest null = after the span end)
  const exhausting = [...far, ...day];
  const covered = exhausting.filter((c) => {
    const p = c.predictions[DEFAULT];
    return c.truth! >= (p.earliest ?? Infinity) && c.truth! <= (p.latest ?? Infinity);
  }).length;
  return [
    `## ${title}`,
    '',
    `Cases: ${far.length} with the truth 1–14 days away, ${day.length} under a day away, ${none.length} not exhausted within the span.`,
    '',
    ...table,
    '',
    'Targets (default method):',
    '',
    `- ≥ 90% within 1 day when the truth is 1–14 days away: ${pct(oFar, 1)} → **${verdict(oFar >= 0.9)}**`,
    `- ≥ 90% within 2 hours when the truth is under a day away: ${pct(oDay, 1)} → **${verdict(oDay >= 0.9)}**`,
    `- Better than both baselines on both figures (best baseline: ${bFar.m} ${pct(bFar.v, 1)} at 1–14 days, ` +
      `${bDay.m} ${pct(bDay.v, 1)} under a day) → **${verdict(oFar > bFar.v && oDay > bDay.v)}**`,
    `- Range: the truth lies in [earliest, latest] (level 0.8) for ${pct(covered, exhausting.length)} of the exhausting cases.`,
    '',
  ];
}

const foreseeable = cases.filter((c) => !c.unforeseeable);
const perScenario = [
  `| scenario | cases (1–14 d / < 1 d / none; unforeseeable) | ${METHODS.map((m) => m.replace('predict_linear', 'p_l')).join(' | ')} |`,
  `| --- | --- | ${METHODS.map(() => '---:').join(' | ')} |`,
  ...SCENARIOS.map((s) => {
    const list = cases.filter((c) => c.scenario === s && bucketOf(c) !== null);
    const n = (b: Bucket): number => list.filter((c) => bucketOf(c) === b).length;
    const counts = `${n('far')} / ${n('day')} / ${n('none')}; ${list.filter((c) => c.unforeseeable).length}`;
    return `| ${s} | ${counts} | ${METHODS.map((m) => pct(list.filter((c) => hit(c, m)).length, list.length)).join(' | ')} |`;
  }),
];

const cpu = cpus();
const md = [
  '# SLO error-budget exhaustion benchmark',
  '',
  `- Date: ${new Date().toISOString()}`,
  `- Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, Node ${process.version}; run time ${((performance.now() - started) / 1000).toFixed(0)} s`,
  '- Command: `npm run bench:slo` (= `node bench/slo/run.ts`)',
  `- Data: ${SCENARIOS.length} scenarios × ${SEEDS} seeded streams (\`bench/slo/generate.ts\`): 5-minute request and error ` +
    'counts, Poisson noise, hourly error burstiness (log-normal, σ 0.4), daily traffic seasonality (amplitude 0.2–0.7) and ' +
    'weekend dips, objectives 0.995 / 0.999 / 0.9995. Rolling streams: 30-day window, 30 days of warm-up, origins every ' +
    `${ORIGIN_EVERY / HOUR} h over the next 30 days, truth over a ${HORIZON / DAY}-day span. Calendar streams: monthly window, ` +
    'origins through February and into March (a reset), truth up to the period end. Scenario onsets are drawn in the ' +
    'first 12 days of the evaluation, so many origins come before the change that exhausts the budget.',
  '- Truth: the first time the budget remaining of the full stream (realised counts) reaches 0 after the origin, within ' +
    'the span. Origins whose budget is already exhausted are skipped.',
  '- A forecast scores when: truth 1–14 days away and forecast within ±1 day; truth < 1 day away and within ±2 hours; ' +
    'truth "not exhausted within the span" and the forecast says the same. False exhaustion = share of the ' +
    '"not exhausted" origins where the method predicts exhaustion within the span. Truths 14–15 days away are not scored.',
  '- Ours: `forecastExhaustion(last 32 days, spec, { horizonSeconds: 15 days })` with defaults otherwise ' +
    '(1-hour forecast step, 28 days of history, level 0.8): requests forecast by the engine (daily and weekly ' +
    'seasonality offered), the error ratio from the current regime (change points on the hourly error counts, an ' +
    'evident ramp, a daily profile where the data show one), the window rolled forward. The method-counts and ' +
    'method-ratio rows are the engine forecasting the errors too (counts was the default before 2026-11-26).',
  '- Reference (not a method, not a baseline): clairvoyant = the exhaustion of the noise-free scripted future ' +
    '(`Stream.expected`, future changes included) after the realised history. The gap between it and 100% is what ' +
    "the future's Poisson noise and burstiness alone cost; no method can be expected to beat it by much.",
  '- First order: now + remaining × period ÷ burn rate over the last 1 h (or 6 h) — the notes/domain.md formula.',
  `- predict_linear: Prometheus' least-squares line (intercept at now) through the last N hours (N = ${PREDICT_LINEAR_HOURS.join(' and ')}) ` +
    'of the 5-minute budget-remaining series; the forecast is when the line reaches 0.',
  '',
  ...summary(cases, 'All origins'),
  ...summary(
    foreseeable,
    'Foreseeable origins (no scripted change — onset, fix, incident, end of a ramp — between the origin and the truth)'
  ),
  '## Notes (from reading individual cases with `node bench/slo/diagnose.ts [scenario]`, 2026-11-26)',
  '',
  '- The previous default (the engine forecasting error counts) lagged every burn: its smooth long-horizon models ' +
    'took 1–2 days to absorb a new error level, exactly when exhaustion is near (a fast burn 0.4 days from ' +
    'exhaustion was forecast at 3.9 days). The regime method tests every split of the last 28 days of hourly ' +
    'error counts (two-sample z under an overdispersed Poisson model, Var = μ + κμ², κ from neighbouring hours by ' +
    'a median so incidents do not inflate it; bar 2 ln n + 2 ln ln n) and keeps the most recent side until no split ' +
    'passes: a burn of 20× shows within 2 hours, of 4× within about 8, while a steady bursty stream keeps one regime.',
  '- Ramps: segmentation sees a rise as steps up; a hinge (flat, then a line spanning at least a day) replaces ' +
    'them where it beats the staircase by BIC + ln N. Ramp scores went from about 15% to about 50% (foreseeable).',
  '- Errors that follow the traffic peak: the ratio itself is daily-seasonal, which segmentation would cut into ' +
    'day-parts. A daily profile of the ratio (median over the last 3 days of errors ÷ the segment level, χ² test at ' +
    '0.999) is used when significant and no ramp is; 3 days was measured ahead of 5 and 7 (the profile of a new ' +
    'regime shows sooner). The weekend dip of such errors is not modelled.',
  "- The range is the budget path ± z·sd from the regime ratio's standard error (shared by all future hours) and " +
    "each hour's own Poisson and burst variance. It is too narrow: the truth falls inside it for 46% of the foreseeable " +
    'exhausting cases (29% of all), against the 80% it should hold; it leaves out the chance that the regime ' +
    "changes and the error of the regime's start. Widening it honestly is the next step.",
  '- Where the regime method is not ahead: low traffic (34.7% against 37.9% for method counts, all origins) and ' +
    'calendar months (7.9% against 10.1%), both close to burns of 1× where a small error in the level moves the ' +
    'crossing by days.',
  '- What is left is mostly noise: the clairvoyant reference reaches about 60% on low traffic (a 30-day budget ' +
    'of a few dozen errors), about 75% on peak-errors and calendar months, and under a day away only 30–75% ' +
    'everywhere: near zero the realised budget crosses by the noise of a few hours, so ±2 hours is not reachable ' +
    'at 90% for any forecaster on these streams. The 90% targets cannot be met on this benchmark as generated; ' +
    'the generator, the scoring and the baselines were left as they were.',
  '- Benchmark changes in this run: the generator records each step\'s noise-free expectation (`Stream.expected`, ' +
    'no change to the generated counts) for the clairvoyant row; scoring moved to `score.ts` unchanged.',
  '',
  '## By scenario (share of scored cases right, all origins)',
  '',
  ...perScenario,
  '',
].join('\n');

const out = resolve(import.meta.dirname, '..', 'results', 'slo.md');
writeFileSync(out, md);
console.log(md);
console.log(`written to ${out}`);
