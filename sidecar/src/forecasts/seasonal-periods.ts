// Which seasonal periods to offer the forecast engine, in steps. Kubernetes workloads follow people: a daily and a
// weekly cycle are the ones worth trying when a job names none. The engine itself drops periods the series is too
// short for, so offering both is safe.
const DAY_MS = 86_400_000;
export const DEFAULT_SEASONALITY_MS = [DAY_MS, 7 * DAY_MS];

/** The periods (as durations) in steps, keeping only those that are a whole number of at least two steps. */
export function seasonalPeriodsInSteps(stepMs: number, periodsMs: readonly number[] = DEFAULT_SEASONALITY_MS): number[] {
  return periodsMs.filter((period) => period % stepMs === 0 && period / stepMs >= 2).map((period) => period / stepMs);
}
