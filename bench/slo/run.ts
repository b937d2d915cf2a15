// SLO exhaustion benchmark: replayed, seeded SLI streams; forecasts from many origins; the true exhaustion comes
// from each stream's own future. Not a test: run with
//   node bench/slo/run.ts        (or npm run bench:slo; SLO_BENCH_SEEDS=2 for a quicker run)
// Writes bench/results/slo.md.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { evaluateStream, HORIZON, ORIGIN_EVERY, PREDICT_LINEAR_HOURS, type Case } from './evaluate.ts';
import { DAY, generate, SCENARIOS } from './generate.ts';

const HOUR = 3600;
const SEEDS = Number(process.env.SLO_BENCH_SEEDS ?? 4);
const OURS = ['counts', 'ratio', 'ratio-guard'];
const LABEL: Record<string, string> = {
  counts: 'ours (requests + error counts, default)',
  ratio: 'ours, method ratio (requests + error ratio)',
  'ratio-guard': 'ours, method ratio + level-shift guard',
};
const METHODS = [
  ...OURS,
  'first-order 1h',
  'first-order 6h',
  ...PREDICT_LINEAR_HOURS.map((h) => `predict_linear ${h}h`),
];

const started = performance.now();
const cases: Case[] = [];
for (const scenario of SCENARIOS) {
  for (let k = 0; k < SEEDS; k++) {
    const seed = 1000 * (SCENARIOS.indexOf(scenario) + 1) + k;
    cases.push(...evaluateStream(generate(seed, scenario), OURS));
    process.stderr.write(
      `${scenario} #${k}: ${cases.length} cases, ${((performance.now() - started) / 1000).toFixed(0)} s\n`
    );
  }
}

type Bucket = 'day' | 'far' | 'none';
/** day: truth < 1 day away (±2 h counts); far: 1–14 days (±1 day); none: not exhausted within the span. */
function bucketOf(c: Case): Bucket | null {
  if (c.truth === null) {
    return 'none';
  }
  const away = c.truth - c.origin;
  if (away < DAY) {
    return 'day';
  }
  return away <= 14 * DAY ? 'far' : null;
}
function hit(c: Case, m: string): boolean {
  const p = c.predictions[m].at;
  const b = bucketOf(c);
  if (b === 'none' || b === null) {
    return p === null;
  }
  return p !== null && Math.abs(p - c.truth!) <= (b === 'day' ? 2 * HOUR : DAY);
}

const pct = (k: number, n: number): string => (n === 0 ? '—' : `${((100 * k) / n).toFixed(1)}%`);
const verdict = (ok: boolean): string => (ok ? 'MET' : 'NOT MET');
const baselines = METHODS.filter((m) => !OURS.includes(m));

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
  const oFar = share(far, 'counts');
  const oDay = share(day, 'counts');
  const bFar = best(far);
  const bDay = best(day);
  // interval coverage: truth inside [earliest, latest] (latest null = after the span end)
  const exhausting = [...far, ...day];
  const covered = exhausting.filter((c) => {
    const p = c.predictions.counts;
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
    '(1-hour forecast step, 28 days of history to the engine, daily and weekly seasonality offered, level 0.8); ' +
    'the two method-ratio rows are the alternatives measured.',
  '- First order: now + remaining × period ÷ burn rate over the last 1 h (or 6 h) — the notes/domain.md formula.',
  `- predict_linear: Prometheus' least-squares line (intercept at now) through the last N hours (N = ${PREDICT_LINEAR_HOURS.join(' and ')}) ` +
    'of the 5-minute budget-remaining series; the forecast is when the line reaches 0.',
  '',
  ...summary(cases, 'All origins'),
  ...summary(
    foreseeable,
    'Foreseeable origins (no scripted change — onset, fix, incident, end of a ramp — between the origin and the truth)'
  ),
  '## Notes (from reading individual cases while building this benchmark, 2026-11-26)',
  '',
  '- Origins before a scripted onset cannot see the burn that later exhausts the budget; the "foreseeable" table ' +
    'leaves them out, but even there no method reaches the targets.',
  "- Our main weakness: after a burn starts, the engine's models (chosen by long-horizon backtest, so smooth) take " +
    '1–2 days to absorb the new error level, which is exactly when exhaustion is near: a slow burn 2.2 days from ' +
    'exhaustion is forecast at 14.6 days, 1.7 days at 6.0 days. First order (6h burn) reacts at once but is noisy ' +
    'and has about 30% false exhaustions. A level-shift guard on the last 3 hourly buckets (the ratio-guard row) ' +
    'was too noisy to help; a guard over a longer window with a Poisson test is the next thing to try.',
  '- Ramps, errors that follow the traffic peak (peak-errors), low traffic and calendar months are hard for every ' +
    'method here; incidents that recover and quiet streams are where false exhaustions show.',
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
