/** Mean absolute error over the test window divided by the in-sample mean absolute one-step naive error. */
export function mase(train: ArrayLike<number>, test: ArrayLike<number>, point: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 1; i < train.length; i++) {scale += Math.abs(train[i] - train[i - 1]);}
  scale /= train.length - 1;
  let err = 0;
  for (let j = 0; j < test.length; j++) {err += Math.abs(test[j] - point[j]);}
  return err / test.length / scale;
}

export function coverage(test: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>): number {
  let inside = 0;
  for (let j = 0; j < test.length; j++) {if (test[j] >= lower[j] && test[j] <= upper[j]) {inside++;}}
  return inside / test.length;
}

export function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
