// The current error regime of an SLI: the most recent stretch of buckets (e.g. hours) whose error ratio is one
// level, found by change-point tests on the error counts, so a burn that started a few hours ago is seen at its
// own level instead of being averaged with the weeks before it, while hour-to-hour burstiness is not taken for a
// change. Error counts are modelled as overdispersed Poisson: Var(errors) = μ + κμ² per bucket (κ = burstiness).

/**
 * Per-bucket counts; NaN (or total ≤ 0) = nothing observed in that bucket. `total` may be an exposure (traffic ×
 * the error ratio's daily profile) rather than the request count: the ratio is then relative to that profile.
 */
export interface Buckets {
  total: readonly number[];
  errors: readonly number[];
}

export interface Regime {
  /** Index of the regime's first bucket. */
  start: number;
  /** Error ratio of the regime (errors ÷ total over its buckets). */
  ratio: number;
  /** Standard error of `ratio` under the overdispersed Poisson model. */
  ratioSd: number;
  /** Burstiness κ: Var(errors in a bucket) = μ + κμ². */
  kappa: number;
  /** The change points found, oldest first (the last one is `start` when there is any). */
  changes: number[];
}

const MIN_SEGMENT = 2;
const MAX_KAPPA = 4;

export interface Prefix {
  T: Float64Array;
  E: Float64Array;
  /** Σ total² (for the burstiness term of the variance). */
  T2: Float64Array;
}

export function prefixOf(b: Buckets): Prefix {
  const n = b.total.length;
  const T = new Float64Array(n + 1);
  const E = new Float64Array(n + 1);
  const T2 = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const t = b.total[i];
    const e = b.errors[i];
    const ok = Number.isFinite(t) && Number.isFinite(e) && t > 0;
    T[i + 1] = T[i] + (ok ? t : 0);
    E[i + 1] = E[i] + (ok ? Math.min(t, Math.max(0, e)) : 0);
    T2[i + 1] = T2[i] + (ok ? t * t : 0);
  }
  return { T, E, T2 };
}

/** Variance of the ratio estimate E/T over [a, b) at the error ratio r. */
export function ratioVariance(p: Prefix, a: number, b: number, r: number, kappa: number): number {
  const T = p.T[b] - p.T[a];
  return T > 0 ? (r * T + kappa * r * r * (p.T2[b] - p.T2[a])) / (T * T) : Infinity;
}

/** Median of χ² with 1 degree of freedom. */
const CHI2_1_MEDIAN = 0.4549;

/**
 * Burstiness κ from neighbouring buckets (a level change between two neighbours is rare, so their difference is
 * mostly noise): d = e₁/t₁ − e₂/t₂ has variance ρ(1/t₁ + 1/t₂) + 2κρ², with ρ the day's ratio. κ is set so that
 * the median of d² ÷ that variance is the χ²₁ median: a median, so an incident's few huge jumps do not inflate it.
 */
export function burstiness(b: Buckets, p: Prefix = prefixOf(b), halfDay = 12): number {
  const n = b.total.length;
  const d2: number[] = [];
  const poisson: number[] = [];
  const burst: number[] = [];
  for (let i = 0; i + 1 < n; i++) {
    const t1 = p.T[i + 1] - p.T[i];
    const t2 = p.T[i + 2] - p.T[i + 1];
    if (!(t1 > 0 && t2 > 0)) {
      continue;
    }
    const a = Math.max(0, i - halfDay);
    const z = Math.min(n, i + 2 + halfDay);
    const rho = (p.E[z] - p.E[a]) / (p.T[z] - p.T[a]);
    if (!(rho > 0)) {
      continue;
    }
    d2.push(((p.E[i + 1] - p.E[i]) / t1 - (p.E[i + 2] - p.E[i + 1]) / t2) ** 2);
    poisson.push(rho * (1 / t1 + 1 / t2));
    burst.push(2 * rho * rho);
  }
  const medianAt = (kappa: number): number => {
    const q = d2.map((d, i) => d / (poisson[i] + kappa * burst[i])).sort((x, y) => x - y);
    return q[q.length >> 1];
  };
  if (d2.length < 8 || medianAt(0) <= CHI2_1_MEDIAN) {
    return 0;
  }
  let lo = 0;
  let hi = MAX_KAPPA;
  for (let k = 0; k < 40; k++) {
    const mid = (lo + hi) / 2;
    if (medianAt(mid) > CHI2_1_MEDIAN) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return (lo + hi) / 2;
}

/** The split of [a, b) whose two sides differ most, as a squared z-score under the no-change hypothesis. */
function bestSplit(p: Prefix, a: number, b: number, kappa: number): { at: number; z2: number } {
  let best = { at: -1, z2: 0 };
  const r = (p.E[b] - p.E[a]) / (p.T[b] - p.T[a]);
  if (!(r > 0)) {
    return best;
  }
  for (let s = a + MIN_SEGMENT; s <= b - MIN_SEGMENT; s++) {
    const tl = p.T[s] - p.T[a];
    const tr = p.T[b] - p.T[s];
    if (!(tl > 0 && tr > 0)) {
      continue;
    }
    const diff = (p.E[s] - p.E[a]) / tl - (p.E[b] - p.E[s]) / tr;
    const z2 = (diff * diff) / (ratioVariance(p, a, s, r, kappa) + ratioVariance(p, s, b, r, kappa));
    if (z2 > best.z2) {
      best = { at: s, z2 };
    }
  }
  return best;
}

/**
 * The current regime: binary segmentation that keeps the most recent side. The best split of the buckets is
 * taken when its z² passes the threshold (by default 2 ln n + 2 ln ln n, a BIC-like bar for the maximum over n
 * candidate splits); then the part after it is split again, until no split passes.
 */
export function currentRegime(b: Buckets, kappa = burstiness(b), threshold?: number): Regime {
  const p = prefixOf(b);
  const n = b.total.length;
  const bar = threshold ?? 2 * Math.log(Math.max(n, 3)) + 2 * Math.log(Math.log(Math.max(n, 3)));
  const changes: number[] = [];
  let start = 0;
  for (;;) {
    const s = bestSplit(p, start, n, kappa);
    if (s.at < 0 || s.z2 < bar) {
      break;
    }
    changes.push(s.at);
    start = s.at;
  }
  const T = p.T[n] - p.T[start];
  const ratio = T > 0 ? (p.E[n] - p.E[start]) / T : 0;
  // a regime with no errors yet: the variance at half an error keeps the uncertainty above 0
  const r = ratio > 0 ? ratio : T > 0 ? 0.5 / T : 0;
  return { start, ratio, ratioSd: Math.sqrt(ratioVariance(p, start, n, r, kappa)), kappa, changes };
}
