/** The newest finite sample of a series, or null when it has none (all NaN or empty). */
export function lastFinite(values: readonly number[]): number | null {
  for (let i = values.length - 1; i >= 0; i--) {
    if (Number.isFinite(values[i])) {
      return values[i];
    }
  }
  return null;
}
