// A running maximum that halves every `halfLife` points: a past extreme keeps its peers quiet for a while.

export class DecayingMax {
  value = 0;
  private readonly decay: number;

  constructor(halfLife: number) {
    this.decay = Math.pow(0.5, 1 / Math.max(1, halfLife));
  }

  push(x: number): void {
    this.value = Math.max(Number.isFinite(x) ? x : 0, this.value * this.decay);
  }
}
