/**
 * The query range for a training window ending now. It ends on the last whole step, so consecutive runs see the
 * same grid and a series' points line up from one run to the next.
 */
export function trainingRange(nowMs: number, stepMs: number, windowMs: number) {
  const endMs = Math.floor(nowMs / stepMs) * stepMs;
  return { startMs: endMs - windowMs, endMs, stepMs };
}
