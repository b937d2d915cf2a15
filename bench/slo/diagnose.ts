// Reads the cases a method misses: per scenario, the hit rates of the chosen variants next to the baselines and the
// clairvoyant reference, then the misses with what each method said. Not part of the report. Run with
//   node bench/slo/diagnose.ts [scenario ...]     (SLO_BENCH_SEEDS, SLO_DIAG_MISSES=n misses listed per scenario)
import type { ExhaustionOptions } from '../../sidecar/src/ml/slo/index.ts';
import { evaluateStream, type Case } from './evaluate.ts';
import { DAY, generate, SCENARIOS, type Scenario } from './generate.ts';
import { bucketOf, hit } from './score.ts';

const VARIANTS: Record<string, ExhaustionOptions> = JSON.parse(process.env.SLO_DIAG_VARIANTS ?? '{"ours":{}}');
const SEEDS = Number(process.env.SLO_BENCH_SEEDS ?? 4);
const MISSES = Number(process.env.SLO_DIAG_MISSES ?? 8);
const only = process.argv.slice(2) as Scenario[];
const scenarios = only.length > 0 ? only : SCENARIOS;
const BASE = ['first-order 6h', 'predict_linear 24h', 'clairvoyant'];
const shown = [...Object.keys(VARIANTS), ...BASE];

const days = (c: Case, t: number | null | undefined): string =>
  t === null || t === undefined ? '—' : ((t - c.origin) / DAY).toFixed(2);
const pct = (k: number, n: number): string => (n === 0 ? '—' : `${((100 * k) / n).toFixed(0)}%`);

const all: Case[] = [];
for (const scenario of scenarios) {
  const cases: Case[] = [];
  const changes = new Map<string, number[]>();
  const from = new Map<string, number>();
  for (let k = 0; k < SEEDS; k++) {
    const s = generate(1000 * (SCENARIOS.indexOf(scenario) + 1) + k, scenario);
    changes.set(s.name, s.changes);
    from.set(s.name, s.evalFrom);
    cases.push(...evaluateStream(s, VARIANTS));
  }
  all.push(...cases);
  const scored = cases.filter((c) => bucketOf(c) !== null);
  const line = (label: string, list: Case[]): string =>
    `  ${label.padEnd(26)} n=${String(list.length).padStart(3)}  ` +
    shown.map((m) => `${m} ${pct(list.filter((c) => hit(c, m)).length, list.length)}`).join('  ');
  console.log(`\n${scenario}`);
  for (const b of ['far', 'day', 'none'] as const) {
    const list = scored.filter((c) => bucketOf(c) === b);
    console.log(line(`${b} all`, list));
    console.log(line(`${b} foreseeable`, list.filter((c) => !c.unforeseeable)));
  }
  const first = Object.keys(VARIANTS)[0];
  const wanted = process.env.SLO_DIAG_BUCKET;
  const misses = scored
    .filter((c) => !c.unforeseeable && !hit(c, first) && (!wanted || bucketOf(c) === wanted))
    .slice(0, MISSES);
  for (const c of misses) {
    const since = changes.get(c.stream)!.filter((t) => t <= c.origin).map((t) => (c.origin - t) / DAY);
    const p = c.predictions[first];
    console.log(
      `    ${c.stream} day ${((c.origin - from.get(c.stream)!) / DAY).toFixed(1)} truth ${days(c, c.truth)} | ` +
        `${first} ${days(c, p.at)} [${days(c, p.earliest)}, ${days(c, p.latest)}] | ` +
        BASE.map((m) => `${m} ${days(c, c.predictions[m].at)}`).join(' | ') +
        ` | since change ${since.length ? Math.min(...since).toFixed(2) : '—'}`
    );
  }
}
