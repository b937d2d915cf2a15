// NAB scoring, written from the method in shared/bench/nab/README.md (not NAB's code): probation, windows, the scaled
// sigmoid, the three application profiles and normalisation between the null and the perfect detector.

export interface Profile {
  name: string;
  tp: number;
  fn: number;
  fp: number;
}

export const PROFILES: readonly Profile[] = [
  { name: 'standard', tp: 1, fn: 1, fp: 0.11 },
  { name: 'reward_low_FP_rate', tp: 1, fn: 1, fp: 0.22 },
  { name: 'reward_low_FN_rate', tp: 1, fn: 2, fp: 0.11 },
];

/** A labelled window as row indices, both ends included. */
export interface Window {
  start: number;
  end: number;
}

export interface FileScore {
  raw: number;
  /** Per window: row of its earliest detection, or null when missed. */
  firstDetection: Array<number | null>;
  /** Detections outside every window (after probation). */
  falsePositives: number;
}

/** S(p) = 2 / (1 + e^(5p)) − 1: 1 well before a window's end, 0 at p = 0, −1 far after. */
export function scaledSigmoid(p: number): number {
  return 2 / (1 + Math.exp(5 * p)) - 1;
}

/** Rows at the start of a file that are never scored: 15% of the file, at most 750. */
export function probationRows(rows: number): number {
  return Math.min(Math.floor(0.15 * rows), 750);
}

/** Converts [start, end] timestamps (ms) into row indices: the first row at or after start, the last at or before end. */
export function windowRows(timestamps: readonly number[], windows: ReadonlyArray<readonly [number, number]>): Window[] {
  return windows.map(([from, to]) => {
    let start = timestamps.findIndex((t) => t >= from);
    let end = -1;
    for (let i = timestamps.length - 1; i >= 0; i--) {
      if (timestamps[i] <= to) {
        end = i;
        break;
      }
    }
    if (start < 0) {
      start = timestamps.length;
    }
    return { start, end };
  });
}

/** Scores one file's detections (true = the row's score reached the threshold) against its windows. */
export function scoreFile(detections: readonly boolean[], windows: readonly Window[], profile: Profile): FileScore {
  const probation = probationRows(detections.length);
  const sorted = [...windows].sort((a, b) => a.start - b.start);
  const firstDetection: Array<number | null> = sorted.map(() => null);
  let raw = 0;
  let falsePositives = 0;
  for (let i = probation; i < detections.length; i++) {
    if (!detections[i]) {
      continue;
    }
    const inside = sorted.findIndex((w) => i >= w.start && i <= w.end);
    if (inside >= 0) {
      if (firstDetection[inside] === null) {
        firstDetection[inside] = i;
        const w = sorted[inside];
        const width = w.end - w.start + 1;
        raw += (profile.tp * scaledSigmoid(-(w.end - i + 1) / width)) / scaledSigmoid(-1);
      }
      continue;
    }
    falsePositives += 1;
    let previous: Window | undefined;
    for (const w of sorted) {
      if (w.end < i) {
        previous = w;
      }
    }
    if (previous) {
      const width = previous.end - previous.start + 1;
      raw += profile.fp * scaledSigmoid((i - previous.end) / (width - 1));
    } else {
      raw -= profile.fp;
    }
  }
  for (const row of firstDetection) {
    if (row === null) {
      raw -= profile.fn;
    }
  }
  // Reorder to the caller's window order.
  const byCaller = windows.map((w) => firstDetection[sorted.indexOf(w)]);
  return { raw, firstDetection: byCaller, falsePositives };
}

/** Raw score of the detector that never detects: every window missed. */
export function nullRaw(windowCount: number, profile: Profile): number {
  return -profile.fn * windowCount;
}

/** Raw score of the perfect detector: every window detected at its first row. */
export function perfectRaw(windowCount: number, profile: Profile): number {
  return profile.tp * windowCount;
}

/** 100 · (raw − null) / (perfect − null), over a whole set of files. */
export function normalisedScore(raw: number, windowCount: number, profile: Profile): number {
  const low = nullRaw(windowCount, profile);
  const high = perfectRaw(windowCount, profile);
  return high === low ? NaN : (100 * (raw - low)) / (high - low);
}
