// Turns "how many times the usual extreme" into a score in [0, 1]. u ≤ 1 (no more unusual than the series' own
// recent extremes) scores 0; the score then rises smoothly towards 1.

export function severity(u: number): number {
  return Number.isFinite(u) && u > 1 ? 1 - Math.exp(-(u - 1)) : u === Infinity ? 1 : 0;
}

/** The u at which severity(u) equals `score` (the band edge for a threshold). */
export function severityInverse(score: number): number {
  return 1 - Math.log(1 - Math.min(score, 1 - 1e-12));
}
