// SLO exhaustion benchmark: replayed, seeded SLI streams; forecasts from many origins; the true exhaustion comes
// from each stream's own future. Not a test: run with
//   node bench/slo/run.ts        (or npm run bench:slo; SLO_BENCH_SEEDS=2 for a quicker run)
// Writes bench/results/slo.md.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { evaluateStream, HORIZON, ORIGIN_EVERY, PREDICT_LINEAR_HOURS, type Case, type Variants } from './evaluate.ts';
import { DAY, generate, SCENARIOS } from './generate.ts';
import { rangeFigures } from './range.ts';
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
  const r = rangeFigures(all, DEFAULT);
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
    `- Range: the truth lies in [earliest, latest] (level 0.8) for ${pct(r.covered, r.n)} of the exhausting cases ` +
      `(before earliest ${pct(r.early, r.n)}, after latest ${pct(r.late, r.n)}; median width ${(r.medianWidth / DAY).toFixed(2)} days) ` +
      `→ **${verdict(Math.abs(r.covered / Math.max(1, r.n) - 0.8) <= 0.05)}** (target 80% ± 5)`,
    `- Budget at the span end: the realised value lies in budgetAtEnd [lower, upper] for ${pct(r.endCovered, r.endN)} of all cases.`,
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

const rangeRow = (list: Case[]): string => {
  const r = rangeFigures(list, DEFAULT);
  return `${pct(r.covered, r.n)} of ${r.n}, ${Number.isNaN(r.medianWidth) ? '—' : (r.medianWidth / DAY).toFixed(2)} d`;
};
const perScenarioRange = [
  '| scenario | all origins (covered of exhausting, median width) | foreseeable origins | budget at span end in [lower, upper] (all) |',
  '| --- | ---: | ---: | ---: |',
  ...SCENARIOS.map((s) => {
    const list = cases.filter((c) => c.scenario === s);
    const r = rangeFigures(list, DEFAULT);
    return `| ${s} | ${rangeRow(list)} | ${rangeRow(list.filter((c) => !c.unforeseeable))} | ${pct(r.endCovered, r.endN)} |`;
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
  "- The range (2026-11-26, second pass). Before: the budget path ± z·sd from the regime ratio's standard error and " +
    "each hour's Poisson and burst variance; the truth fell inside it for 46% of the foreseeable exhausting cases " +
    '(29% of all) against the nominal 80%. Now two parts, combined per horizon as the root of the summed squares of ' +
    "their deviations from the central cumulative errors: (1) a calibration on the stream's own past forecasts — the " +
    'regime forecast re-made at daily origins of the history (each from the hours before it only, at least 7 days), ' +
    'its miss of the cumulative errors over 1, 2, 4, … hours in units of its own sd; the quantiles at 10% and 90% ' +
    '(recent origins weighted more, half weight a week back; never inside the nominal ±1.28) replace ±1.28; windows ' +
    'that hold a change point found in the history are left out, since (2) covers those: seeded Monte-Carlo paths ' +
    '(400) of the level, changes arriving at the rate the detector found them in the history, each one of the changes ' +
    'it found (up or down with equal chance) lasting as long as that one did (the current regime for good). ' +
    'Measured on the way (bench/slo/coverage.ts, foreseeable / median width): calibration alone with plain tails ' +
    '55%; recency-weighted tails 61%; both parts with the change windows left in the calibration 67% but counting ' +
    'each past change twice (slow-burn width 2.9 days, against 1.3 now); a pooled |miss| quantile 91% on slow-burn ' +
    'at 7.2 days wide; a normal level-drift term instead of the Monte-Carlo 84% but a median width of 13 days (the ' +
    'optimistic edge never exhausting). The kept version is the one without double counting.',
  '- Where the range still misses (foreseeable): the first days of a ramp or of a low-traffic burn, before the ' +
    'detector sees the change (the forecast says "not exhausted" and so does the pessimistic edge; the stream\'s past ' +
    'has no miss of that kind to learn from), most of the ramp and low-traffic misses; peak-errors, where the central ' +
    'forecast itself jumps between origins (the profile and the regime trade places); fast burns, a few hours after ' +
    'onset. The 80% target is not met (62.5% foreseeable, 42.7% all).',
  '- The range by scenario before this change (coverage all / foreseeable, median width foreseeable): slow-burn ' +
    '43% / 68%, 0.95 d; slow-burn-fixed 38% / 50%, 0.77 d; ramp 28% / 33%, 0.42 d; fast-burn 4% / 29%, 0.13 d; ' +
    'peak-errors 16% / 26%, 0.80 d; low-traffic 41% / 54%, 4.66 d; calendar 34% / 71%, 6.46 d; budget at the span end ' +
    'inside its range 1–74% by scenario. The central figures are unchanged (same hits per case); the ms per forecast ' +
    'of the earlier runs were taken on a busier machine and are not comparable (the ramp hinge fit is now linear).',
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
  '## Range by scenario (default method, level 0.8: the truth in [earliest, latest], exhausting cases)',
  '',
  ...perScenarioRange,
  '',
].join('\n');

const out = resolve(import.meta.dirname, '..', 'results', 'slo.md');
writeFileSync(out, md);
console.log(md);
console.log(`written to ${out}`);
