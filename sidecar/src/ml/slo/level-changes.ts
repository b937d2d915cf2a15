// The chance that the error level changes again: changes arrive at the rate the change-point detector found them
// in the stream's own history (changes ÷ buckets searched). Each is one of the changes it found, drawn at random,
// up or down with equal chance (a burn can as well be fixed as grow), and lasts as long as that one did (an incident
// of 3 hours, then back; the current regime's change, which has not ended, for good). Seeded Monte-Carlo paths of
// the cumulative future errors give their quantiles per horizon: deterministic for the same input.

export interface LevelChange {
  /** ln(level after ÷ level before). */
  jump: number;
  /** Buckets the new level lasted (Infinity: it still holds). */
  lasted: number;
}

export interface LevelChangeBand {
  /** Quantiles of the cumulative future errors after h buckets (index h = 0..H), from level changes alone. */
  lower: Float64Array;
  upper: Float64Array;
}

/** Deterministic uniform numbers in [0, 1) (mulberry32). */
function uniforms(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `expected`: the central forecast's errors per future bucket; `changes`: those found in `searched` buckets of
 * history; `level`: the central probability of the band. Null when the history shows no change (rate 0).
 */
export function levelChangeBand(
  expected: Float64Array,
  changes: readonly LevelChange[],
  searched: number,
  level: number,
  paths = 400,
  seed = 1
): LevelChangeBand | null {
  const found = changes.filter((c) => Number.isFinite(c.jump) && c.jump !== 0 && c.lasted > 0);
  if (found.length === 0 || searched <= 0) {
    return null;
  }
  const rate = found.length / searched;
  const H = expected.length;
  const u = uniforms(seed);
  const cum: Float64Array[] = Array.from({ length: H + 1 }, () => new Float64Array(paths));
  const delta = new Float64Array(H + 1); // change of the log factor at each bucket
  for (let p = 0; p < paths; p++) {
    delta.fill(0);
    let logFactor = 0;
    let total = 0;
    for (let j = 0; j < H; j++) {
      if (u() < rate) {
        const c = found[Math.floor(u() * found.length)];
        const jump = u() < 0.5 ? c.jump : -c.jump;
        delta[j] += jump;
        if (j + c.lasted <= H) {
          delta[j + c.lasted] -= jump;
        }
      }
      logFactor += delta[j];
      total += expected[j] * Math.exp(logFactor);
      cum[j + 1][p] = total;
    }
  }
  const alpha = (1 - level) / 2;
  const lower = new Float64Array(H + 1);
  const upper = new Float64Array(H + 1);
  for (let h = 1; h <= H; h++) {
    const v = cum[h].sort();
    lower[h] = v[Math.floor(alpha * (paths - 1))];
    upper[h] = v[Math.ceil((1 - alpha) * (paths - 1))];
  }
  return { lower, upper };
}
