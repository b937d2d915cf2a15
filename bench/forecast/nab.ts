// Reads the NAB realAWSCloudwatch CSVs (timestamp,value at 5-minute steps) from <repo>/../shared/bench/nab.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface Series {
  name: string;
  values: number[];
}

export const NAB_DIR = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'bench', 'nab');

export function loadAwsCloudwatch(): Series[] {
  const dir = join(NAB_DIR, 'data', 'realAWSCloudwatch');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((file) => {
      const lines = readFileSync(join(dir, file), 'utf8').trim().split('\n').slice(1);
      return { name: file.replace(/\.csv$/, ''), values: lines.map((l) => Number(l.split(',')[1])) };
    });
}
