// The range of the default method only, per scenario: how often the truth lies in [earliest, latest] (all and
// foreseeable exhausting cases), where it falls outside, the median width, the budget at the span end against its
// range, and the central hit rate (to see that a change to the range left the central forecast alone). Not part of
// the report; a quicker loop than run.ts. Run with
//   node bench/slo/coverage.ts [scenario ...]      (SLO_BENCH_SEEDS as for run.ts)
import { evaluateStream, type Case } from './evaluate.ts';
import { DAY, generate, SCENARIOS, type Scenario } from './generate.ts';
import { rangeFigures } from './range.ts';
import { bucketOf, hit } from './score.ts';

const SEEDS = Number(process.env.SLO_BENCH_SEEDS ?? 4);
const only = process.argv.slice(2) as Scenario[];
const scenarios = only.length > 0 ? only : SCENARIOS;
const M = 'regime';

const pct = (k: number, n: number): string => (n === 0 ? '—' : `${((100 * k) / n).toFixed(0)}%`);

console.log('scenario | n exh (fore) | cover all | cover fore | early/late miss (fore) | width d (fore) | end cover | hits');
for (const scenario of scenarios) {
  const cases: Case[] = [];
  for (let k = 0; k < SEEDS; k++) {
    cases.push(...evaluateStream(generate(1000 * (SCENARIOS.indexOf(scenario) + 1) + k, scenario), { [M]: {} }));
  }
  const all = rangeFigures(cases, M);
  const fore = rangeFigures(
    cases.filter((c) => !c.unforeseeable),
    M
  );
  const scored = cases.filter((c) => bucketOf(c) !== null);
  console.log(
    `${scenario} | ${all.n} (${fore.n}) | ${pct(all.covered, all.n)} | ${pct(fore.covered, fore.n)} | ` +
      `${fore.early}/${fore.late} | ${(fore.medianWidth / DAY).toFixed(2)} | ${pct(all.endCovered, all.endN)} | ` +
      `${pct(scored.filter((c) => hit(c, M)).length, scored.length)}`
  );
}
