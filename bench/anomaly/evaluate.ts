// Figures for one set of files at one threshold: NAB scores per profile, windows detected, windows detected before
// their labelled point, and false alarms per file-week.
import type { NabFile } from './nab-data.ts';
import { normalisedScore, PROFILES, probationRows, scoreFile } from './nab-score.ts';

export interface Figures {
  files: number;
  windows: number;
  /** Normalised score per profile name. */
  scores: Record<string, number>;
  detected: number;
  /** Windows whose first detection is before their labelled point. */
  early: number;
  /** Detections outside windows, after probation. */
  falsePositives: number;
  /** Weeks of data after probation, summed over files. */
  fileWeeks: number;
}

const WEEK_MS = 7 * 86_400_000;

export function evaluate(
  files: readonly NabFile[],
  scores: ReadonlyArray<readonly number[]>,
  threshold: number
): Figures {
  const figures: Figures = {
    files: files.length,
    windows: 0,
    scores: {},
    detected: 0,
    early: 0,
    falsePositives: 0,
    fileWeeks: 0,
  };
  for (const profile of PROFILES) {
    let raw = 0;
    for (let f = 0; f < files.length; f++) {
      raw += scoreFile(
        scores[f].map((s) => s >= threshold),
        files[f].windows,
        profile
      ).raw;
    }
    figures.scores[profile.name] = normalisedScore(
      raw,
      files.reduce((n, f) => n + f.windows.length, 0),
      PROFILES[0] === profile ? profile : profile
    );
  }
  files.forEach((file, f) => {
    const result = scoreFile(
      scores[f].map((s) => s >= threshold),
      file.windows,
      PROFILES[0]
    );
    figures.windows += file.windows.length;
    figures.falsePositives += result.falsePositives;
    const probation = probationRows(file.timestamps.length);
    figures.fileWeeks += (file.timestamps[file.timestamps.length - 1] - file.timestamps[probation]) / WEEK_MS;
    file.windows.forEach((w, k) => {
      const first = result.firstDetection[k];
      if (first === null) {
        return;
      }
      figures.detected += 1;
      const label = labelOf(file, k);
      if (label !== null && first < label) {
        figures.early += 1;
      }
    });
  });
  return figures;
}

/** The window's labelled row: the first label inside it, else the nearest label (NAB has one window whose label lies just before it). */
export function labelOf(file: NabFile, window: number): number | null {
  const w = file.windows[window];
  const inside = file.labels.filter((l) => l >= w.start && l <= w.end);
  if (inside.length > 0) {
    return Math.min(...inside);
  }
  let best: number | null = null;
  for (const l of file.labels) {
    const distance = l < w.start ? w.start - l : l - w.end;
    if (best === null || distance < (best < w.start ? w.start - best : best - w.end)) {
      best = l;
    }
  }
  return best;
}
