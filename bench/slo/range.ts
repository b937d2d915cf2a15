// Figures of a method's range (shared by run.ts and coverage.ts): over the exhausting cases (truth within 14 days),
// how often the truth lies in [earliest, latest] (latest null = after the span end), how often it came before
// earliest or after latest, the median width (latest null counts to the span end); over all cases with a realised
// budget at the span end, how often it lies in budgetAtEnd [lower, upper].
import type { Case } from './evaluate.ts';
import { bucketOf } from './score.ts';

export interface RangeFigures {
  n: number;
  covered: number;
  /** Truth before earliest (or earliest null: the range says "not within the span"). */
  early: number;
  /** Truth after latest. */
  late: number;
  /** Median of (latest ?? span end) − (earliest ?? span end), seconds. */
  medianWidth: number;
  endN: number;
  endCovered: number;
}

export function rangeFigures(cases: Case[], m: string): RangeFigures {
  const exhausting = cases.filter((c) => bucketOf(c) === 'far' || bucketOf(c) === 'day');
  let early = 0;
  let late = 0;
  const widths: number[] = [];
  for (const c of exhausting) {
    const p = c.predictions[m];
    const from = p.earliest ?? Infinity;
    const to = p.latest ?? Infinity;
    if (c.truth! < from) {
      early++;
    } else if (c.truth! > to) {
      late++;
    }
    widths.push(Math.min(to, c.spanEnd) - Math.min(from, c.spanEnd));
  }
  widths.sort((a, b) => a - b);
  const withEnd = cases.filter((c) => c.truthBudgetAtEnd !== null && c.predictions[m].budgetAtEnd?.lower != null);
  const endCovered = withEnd.filter((c) => {
    const r = c.predictions[m].budgetAtEnd!;
    return c.truthBudgetAtEnd! >= r.lower! && c.truthBudgetAtEnd! <= (r.upper ?? Infinity);
  }).length;
  return {
    n: exhausting.length,
    covered: exhausting.length - early - late,
    early,
    late,
    medianWidth: widths.length > 0 ? widths[widths.length >> 1] : NaN,
    endN: withEnd.length,
    endCovered,
  };
}
