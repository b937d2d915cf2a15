// Loads augurs' outlier module for findGroupOutliers. Its default init() fetches the .wasm over a URL, which Node
// cannot do, so the module is initialised synchronously from the bytes next to its JS file, once per process.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as outlier from '@bsull/augurs/outlier';
import type { AugursOutlierEngine } from '../ml/outliers/index.ts';

let ready = false;

/** `@bsull/augurs/outlier`, initialised on the first call (2–5 ms measured here); later calls return it at once. */
export function loadAugursOutlier(): AugursOutlierEngine {
  if (!ready) {
    const js = fileURLToPath(import.meta.resolve('@bsull/augurs/outlier'));
    outlier.initSync({ module: readFileSync(js.replace(/\.js$/, '_bg.wasm')) });
    ready = true;
  }
  return outlier;
}
