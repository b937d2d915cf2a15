// Reads the NAB subset in <repo>/../shared/bench/nab: series per category, windows and labelled points as rows.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { windowRows, type Window } from './nab-score.ts';

export const NAB_DIR = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'bench', 'nab');
export const CATEGORIES = ['realAWSCloudwatch', 'artificialWithAnomaly', 'artificialNoAnomaly'] as const;

export interface NabFile {
  category: string;
  name: string;
  timestamps: number[];
  values: number[];
  windows: Window[];
  /** Labelled anomaly rows (the first row at or after each label). */
  labels: number[];
}

const parseTime = (text: string): number => Date.parse(text.trim().replace(' ', 'T') + 'Z');

export function loadNab(): NabFile[] {
  const windows = JSON.parse(readFileSync(join(NAB_DIR, 'labels', 'combined_windows.json'), 'utf8')) as Record<
    string,
    string[][]
  >;
  const labels = JSON.parse(readFileSync(join(NAB_DIR, 'labels', 'combined_labels.json'), 'utf8')) as Record<
    string,
    string[]
  >;
  const files: NabFile[] = [];
  for (const category of CATEGORIES) {
    const dir = join(NAB_DIR, 'data', category);
    for (const name of readdirSync(dir)
      .filter((f) => f.endsWith('.csv'))
      .sort()) {
      const lines = readFileSync(join(dir, name), 'utf8').trim().split('\n').slice(1);
      const timestamps = lines.map((l) => parseTime(l.split(',')[0]));
      const values = lines.map((l) => Number(l.split(',')[1]));
      const key = `${category}/${name}`;
      const fileWindows = (windows[key] ?? []).map(([a, b]) => [parseTime(a), parseTime(b)] as const);
      files.push({
        category,
        name,
        timestamps,
        values,
        windows: windowRows(timestamps, fileWindows),
        labels: (labels[key] ?? []).map((l) => timestamps.findIndex((t) => t >= parseTime(l))),
      });
    }
  }
  return files;
}

/**
 * The split used while developing the detector: realAWSCloudwatch files in name order, even positions to tune on,
 * odd positions held out (looked at only to accept or reject a change, never to choose its parameters).
 */
export function awsSplit(files: readonly NabFile[]): { tuning: NabFile[]; heldOut: NabFile[] } {
  const aws = files.filter((f) => f.category === 'realAWSCloudwatch');
  return { tuning: aws.filter((_, i) => i % 2 === 0), heldOut: aws.filter((_, i) => i % 2 === 1) };
}
