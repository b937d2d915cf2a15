// Extremes that recur at the same time of the cycle (a nightly batch job's CPU spike) are normal for that time. For
// each phase of the shortest seasonal period this remembers the largest |residual| seen there in earlier cycles
// (decaying by RECURRING_DECAY per cycle); a new extreme is judged against those within ±tolerance phases.

const RECURRING_DECAY = 0.9;

export class RecurringExtremes {
  private readonly memory: Float64Array;
  private readonly tolerance: number;

  constructor(period: number) {
    this.memory = new Float64Array(period);
    this.tolerance = Math.max(1, Math.round(period / 48));
  }

  /** The largest remembered |residual| near this phase (0 when nothing recurs there). */
  reference(index: number): number {
    const period = this.memory.length;
    let largest = 0;
    for (let k = -this.tolerance; k <= this.tolerance; k++) {
      largest = Math.max(largest, this.memory[(((index + k) % period) + period) % period]);
    }
    return largest;
  }

  update(index: number, absResidual: number): void {
    const phase = index % this.memory.length;
    this.memory[phase] = Math.max(absResidual, this.memory[phase] * RECURRING_DECAY);
  }
}
