// Scoring rules shared by the benchmark report (run.ts) and the case reader (diagnose.ts).
import type { Case } from './evaluate.ts';
import { DAY } from './generate.ts';

const HOUR = 3600;

export type Bucket = 'day' | 'far' | 'none';

/** day: truth < 1 day away (±2 h counts); far: 1–14 days (±1 day); none: not exhausted within the span. */
export function bucketOf(c: Case): Bucket | null {
  if (c.truth === null) {
    return 'none';
  }
  const away = c.truth - c.origin;
  if (away < DAY) {
    return 'day';
  }
  return away <= 14 * DAY ? 'far' : null;
}

export function hit(c: Case, m: string): boolean {
  const p = c.predictions[m].at;
  const b = bucketOf(c);
  if (b === 'none' || b === null) {
    return p === null;
  }
  return p !== null && Math.abs(p - c.truth!) <= (b === 'day' ? 2 * HOUR : DAY);
}
