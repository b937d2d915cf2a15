import type { Model } from './model.ts';

/** Last value carried forward: the random-walk benchmark every model must beat. */
export const naive: Model = {
  name: 'naive',
  period: 0,
  minOrigin: 0,
  run(y, origins, h, _hb, out) {
    for (let o = 0; o < origins.length; o++) {out.fill(y[origins[o]], o * h, (o + 1) * h);}
  },
};
