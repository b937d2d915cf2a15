import type { Model } from './model.ts';

/** Repeats the last full season: ŷ(t+j) = y(t+j−p·⌈j/p⌉). */
export function seasonalNaive(period: number): Model {
  return {
    name: 'seasonal-naive',
    period,
    minOrigin: period - 1,
    run(y, origins, h, _hb, out) {
      for (let o = 0; o < origins.length; o++) {
        const base = origins[o] - period + 1; // first point of the last season
        const row = o * h;
        for (let j = 0; j < h; j++) {out[row + j] = y[base + (j % period)];}
      }
    },
  };
}
