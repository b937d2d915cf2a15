// What is usual for a statistic, learnt from its own history but only from values older than `guard` points (the
// guard of a CFAR detector): an anomaly that unfolds over several points is not measured against its own start.
import { DecayingMax } from './decaying-max.ts';
import { SlidingQuantile } from './sliding-quantile.ts';

const EXTREME = 0.99;
/** Share of the decaying maximum that also counts as usual (so one past extreme keeps its peers quiet). */
const RHO = 0.5;
/** Values learnt before the reference says anything (NaN before: no score from it). */
const MIN_LEARNT = 48;

export class GuardedReference {
  private readonly history: SlidingQuantile;
  private readonly max: DecayingMax;
  private readonly pending: Float64Array;
  private pendingCount = 0;
  private pendingHead = 0;

  /** `history` points of memory (a halving of the maximum every history/7 points), `guard` points of delay. */
  constructor(history: number, guard: number) {
    this.history = new SlidingQuantile(history);
    this.max = new DecayingMax(history / 7);
    this.pending = new Float64Array(Math.max(0, guard));
  }

  push(value: number): void {
    const v = Number.isFinite(value) ? value : 0;
    if (this.pending.length === 0) {
      this.learn(v);
      return;
    }
    if (this.pendingCount === this.pending.length) {
      this.learn(this.pending[this.pendingHead]);
    } else {
      this.pendingCount += 1;
    }
    this.pending[this.pendingHead] = v;
    this.pendingHead = (this.pendingHead + 1) % this.pending.length;
  }

  /** The q-quantile of the learnt history (NaN until something is learnt). */
  quantile(q: number): number {
    return this.history.quantile(q);
  }

  /** The usual extreme: the 99th percentile, or RHO × the decaying maximum when that is higher; NaN until learnt. */
  usual(): number {
    return this.history.count < MIN_LEARNT ? NaN : Math.max(this.history.quantile(EXTREME), RHO * this.max.value);
  }

  /** Forgets everything (the statistic changed meaning). */
  clear(): void {
    this.history.clear();
    this.max.value = 0;
    this.pendingCount = 0;
    this.pendingHead = 0;
  }

  private learn(v: number): void {
    this.history.push(v);
    this.max.push(v);
  }
}
