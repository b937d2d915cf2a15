// `prophet-aiops outliers`: finds the rogue members of a group (pods of a deployment, nodes of a nodepool) offline,
// with the same engine the sidecar runs. Input: a wide CSV (csv-wide.ts) holding one feature of the group, or a
// directory of them, one feature per file (named after the file: cpu.csv → "cpu"); members are matched by column name.
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import {
  findGroupOutliers,
  MIN_GROUP_MEMBERS,
  type GroupOutlierOptions,
  type GroupOutlierResult,
} from '../ml/outliers/index.ts';
import { loadAugursOutlier } from '../outliers/augurs-wasm.ts';
import { CsvInputError, formatTimestamp } from './csv-series.ts';
import { parseWideCsv, type WideCsv } from './csv-wide.ts';
import { UsageError } from './usage-error.ts';

export interface OutliersCommandOptions {
  input: string;
  /** csv (default): one row per outlying interval; json: the full explanation. */
  format?: 'csv' | 'json';
  algorithm?: GroupOutlierOptions['algorithm'];
  threshold?: number;
  minRelativeDeviation?: number;
  minPoints?: number;
}

export interface OutliersOutput {
  input: string;
  features: string[];
  members: number;
  stepSeconds: number;
  /** Outlying members, highest score first; timestamps in the input's own format. */
  outliers: Array<{
    member: string;
    score: number;
    intervals: Array<{ start: string; end: string }>;
    reasons: Array<{
      feature: string;
      direction: 'above' | 'below';
      value: number;
      groupMedian: number;
      bandLower: number | null;
      bandUpper: number | null;
      relativeDeviation: number | null;
      share: number;
      summary: string;
      intervals: Array<{ start: string; end: string }>;
    }>;
  }>;
  /** Features that could not be judged, with why. */
  skipped: Array<{ feature: string; reason: string }>;
}

/** Runs the command; returns the exit code (0 done, 1 bad input or a group too small). Bad paths throw UsageError. */
export async function runOutliersCommand(
  options: OutliersCommandOptions,
  stdout: (text: string) => void,
  stderr: (text: string) => void
): Promise<number> {
  const { files, directory } = await inputFiles(options.input);
  const tables: Array<{ feature: string; table: WideCsv }> = [];
  let failures = 0;
  for (const file of files) {
    try {
      tables.push({ feature: basename(file, extname(file)), table: parseWideCsv(file, await readFile(file, 'utf8')) });
    } catch (error) {
      failures += 1;
      stderr(`error: ${error instanceof CsvInputError ? error.message : `${file}: ${(error as Error).message}`}\n`);
    }
  }
  if (failures > 0) {
    return 1; // one group: judging it on part of its features would mislead
  }

  const timestamps = [...new Set(tables.flatMap(({ table }) => table.timestamps))].sort((a, b) => a - b);
  const ids = [...new Set(tables.flatMap(({ table }) => table.members.map((m) => m.id)))];
  if (ids.length < MIN_GROUP_MEMBERS) {
    const where = directory ? options.input : `${files[0]}:1`;
    stderr(
      `error: ${where}: the group has ${ids.length} member${ids.length === 1 ? '' : 's'} (${ids.join(', ')}); ` +
        `at least ${MIN_GROUP_MEMBERS} are needed to tell an outlier from the rest\n`
    );
    return 1;
  }
  const position = new Map(timestamps.map((t, i) => [t, i]));
  const members = ids.map((id) => {
    const features: Record<string, number[]> = {};
    for (const { feature, table } of tables) {
      const column = table.members.find((m) => m.id === id);
      if (column) {
        const values = new Array<number>(timestamps.length).fill(NaN);
        table.timestamps.forEach((t, i) => (values[position.get(t)!] = column.values[i]));
        features[feature] = values;
      }
    }
    return { id, features };
  });

  const result = findGroupOutliers({ timestamps, members }, loadAugursOutlier(), {
    algorithm: options.algorithm,
    threshold: options.threshold,
    minRelativeDeviation: options.minRelativeDeviation,
    minPoints: options.minPoints,
  });
  const output = toOutput(options.input, tables[0].table, result);
  for (const { feature, reason } of output.skipped) {
    stderr(`warning: feature "${feature}" not judged: ${reason}\n`);
  }
  if (options.format === 'json') {
    stdout(JSON.stringify(output, null, 2) + '\n');
  } else {
    stdout(toCsv(output, directory));
  }
  return 0;
}

function toOutput(input: string, first: WideCsv, result: GroupOutlierResult): OutliersOutput {
  const ts = (t: number) => formatTimestamp(t, first.format);
  const span = (i: { start: number; end: number }) => ({ start: ts(i.start), end: ts(i.end) });
  const nullable = (x: number) => (Number.isFinite(x) ? x : null);
  return {
    input,
    features: result.features.map((f) => f.feature),
    members: result.members.length,
    stepSeconds: first.stepMs / 1000,
    outliers: result.members
      .filter((m) => m.outlying)
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
      .map((m) => ({
        member: m.id,
        score: round(m.score),
        intervals: m.intervals.map(span),
        reasons: m.reasons.map((r) => ({
          feature: r.feature,
          direction: r.direction,
          value: r.value,
          groupMedian: r.groupMedian,
          bandLower: nullable(r.bandLower),
          bandUpper: nullable(r.bandUpper),
          relativeDeviation: r.relativeDeviation,
          share: round(r.share),
          summary: r.summary,
          intervals: r.intervals.map(span),
        })),
      })),
    skipped: result.features.filter((f) => f.skipped).map((f) => ({ feature: f.feature, reason: f.skipped! })),
  };
}

/**
 * member,start,end,direction,score per outlying interval (start and end inclusive), members by score, each member's
 * rows by reason (most persistent first) then time; a directory adds the feature after the member.
 */
export function toCsv(output: OutliersOutput, withFeature: boolean): string {
  const lines = [withFeature ? 'member,feature,start,end,direction,score' : 'member,start,end,direction,score'];
  for (const outlier of output.outliers) {
    for (const { r, interval } of outlier.reasons.flatMap((r) => r.intervals.map((interval) => ({ r, interval })))) {
      const feature = withFeature ? `${csvField(r.feature)},` : '';
      lines.push(
        `${csvField(outlier.member)},${feature}${csvField(interval.start)},${csvField(interval.end)},${r.direction},${outlier.score}`
      );
    }
  }
  return lines.join('\n') + '\n';
}

async function inputFiles(input: string): Promise<{ files: string[]; directory: boolean }> {
  const info = await stat(input).catch(() => {
    throw new UsageError(`--input ${input}: no such file or directory`);
  });
  if (!info.isDirectory()) {
    return { files: [input], directory: false };
  }
  const names = (await readdir(input)).filter((name) => name.toLowerCase().endsWith('.csv')).sort();
  if (names.length === 0) {
    throw new UsageError(`--input ${input}: the directory has no .csv files`);
  }
  return { files: names.map((name) => join(input, name)), directory: true };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
