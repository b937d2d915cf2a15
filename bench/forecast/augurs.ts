// Loads the augurs WASM comparators for the benchmark. Their default init() fetches the .wasm over a URL, which
// Node cannot do, so each sub-module is initialised synchronously from the bytes on disk.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as ets from '@bsull/augurs/ets';
import * as mstl from '@bsull/augurs/mstl';

export interface Prediction {
  point: number[];
  lower?: number[];
  upper?: number[];
}

/** The .wasm next to a sub-module's JS file, e.g. '@bsull/augurs/mstl' → .../mstl_bg.wasm. */
function wasmBytes(subModule: string): Buffer {
  const js = fileURLToPath(import.meta.resolve(subModule));
  return readFileSync(js.replace(/\.js$/, '_bg.wasm'));
}

let ready = false;
function init(): void {
  if (ready) {return;}
  mstl.initSync({ module: wasmBytes('@bsull/augurs/mstl') });
  ets.initSync({ module: wasmBytes('@bsull/augurs/ets') });
  ready = true;
}

/** Fits, predicts and frees one augurs model (its memory lives in WASM and is not garbage-collected). */
function fitPredict(
  model: { fit(y: Float64Array): void; predict(horizon: number, level: number): { point: number[]; intervals?: { lower: number[]; upper: number[] } }; free(): void },
  y: Float64Array,
  horizon: number,
  level: number
): Prediction {
  try {
    model.fit(y);
    const f = model.predict(horizon, level);
    return { point: f.point, lower: f.intervals?.lower, upper: f.intervals?.upper };
  } finally {
    model.free();
  }
}

/** MSTL with the AutoETS trend model, fixed periods (augurs' period detection is unreliable). */
export function augursMstl(y: Float64Array, periods: number[], horizon: number, level: number): Prediction {
  init();
  return fitPredict(mstl.MSTL.ets(periods), y, horizon, level);
}

/** Non-seasonal AutoETS ("ZZN": error, trend chosen automatically, no season). */
export function augursAutoEts(y: Float64Array, horizon: number, level: number): Prediction {
  init();
  return fitPredict(new ets.AutoETS(1, 'ZZN'), y, horizon, level);
}
