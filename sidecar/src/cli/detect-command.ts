// `prophet-aiops detect`: scores every row of CSV files with the streaming anomaly detector, as the sidecar would
// have scored them live (causally: a row's score uses only that row and the rows before it).
// Input formats and bad-input rules are those of `forecast` (csv-series.ts). Output, one row per input row in order:
// timestamp,value,anomaly_score,is_anomaly — timestamps echoed in the input's format, gaps left empty.
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { createAnomalyDetector, DEFAULT_ANOMALY_THRESHOLD } from '../ml/index.ts';
import { CsvInputError, formatTimestamp, parseCsvSeries, type CsvSeries } from './csv-series.ts';
import { UsageError } from './usage-error.ts';

export interface DetectCommandOptions {
  input: string;
  out?: string;
  /** Score at or above which is_anomaly is 1; default DEFAULT_ANOMALY_THRESHOLD. */
  threshold?: number;
}

export interface DetectedRow {
  timestamp: string;
  value: number;
  score: number;
  isAnomaly: boolean;
}

const HEADER = 'timestamp,value,anomaly_score,is_anomaly';

/**
 * Scores a parsed series. `rowTimes` are the timestamps of the rows the file really has: the parser inserts
 * missing values for skipped time steps, which are scored (as gaps) but not written.
 */
export function detectCsvSeries(
  series: CsvSeries,
  rowTimes: ReadonlySet<number>,
  threshold = DEFAULT_ANOMALY_THRESHOLD
): DetectedRow[] {
  const detector = createAnomalyDetector({ threshold });
  const rows: DetectedRow[] = [];
  series.timestamps.forEach((t, i) => {
    const point = detector.push(t, series.values[i]);
    if (rowTimes.has(t)) {
      rows.push({
        timestamp: formatTimestamp(t, series.format),
        value: series.values[i],
        score: point.score,
        isAnomaly: point.isAnomaly,
      });
    }
  });
  return rows;
}

export function detectedCsv(rows: readonly DetectedRow[], file?: string): string {
  const prefix = file === undefined ? '' : `${csvField(file)},`;
  const lines = rows.map(
    (r) =>
      `${prefix}${csvField(r.timestamp)},${Number.isFinite(r.value) ? r.value : ''},${Number(r.score.toFixed(6))},${r.isAnomaly ? 1 : 0}`
  );
  return lines.join('\n') + (lines.length ? '\n' : '');
}

/** Runs the command; returns the exit code. Errors of one file are reported and the other files are still scored. */
export async function runDetectCommand(
  options: DetectCommandOptions,
  stdout: (text: string) => void,
  stderr: (text: string) => void
): Promise<number> {
  const files = await inputFiles(options.input);
  const many = files.length > 1;
  let failures = 0;
  if (options.out) {
    await mkdir(options.out, { recursive: true });
  } else {
    stdout(`${many ? 'file,' : ''}${HEADER}\n`);
  }
  for (const file of files) {
    let rows: DetectedRow[];
    try {
      const text = await readFile(file, 'utf8');
      const series = parseCsvSeries(file, text);
      rows = detectCsvSeries(series, rowTimestamps(series, text), options.threshold);
    } catch (error) {
      failures += 1;
      const message = error instanceof CsvInputError ? error.message : `${file}: ${(error as Error).message}`;
      stderr(`error: ${message}\n`);
      continue;
    }
    const anomalies = rows.filter((r) => r.isAnomaly).length;
    if (options.out) {
      const target = join(options.out, `${basename(file, extname(file))}.anomalies.csv`);
      await writeFile(target, `${HEADER}\n${detectedCsv(rows)}`);
      stderr(`wrote ${target} (${rows.length} rows, ${anomalies} anomalous)\n`);
    } else {
      stdout(detectedCsv(rows, many ? file : undefined));
    }
  }
  return failures > 0 ? 1 : 0;
}

/**
 * The timestamps of the file's own rows. parseCsvSeries has validated the file and fills skipped steps with
 * missing values; when the file has as many data lines as the series has points nothing was filled. Otherwise each
 * row's time field is read with the same parser (a two-row file: the row's time, then a time after every row).
 */
function rowTimestamps(series: CsvSeries, text: string): Set<number> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const data = lines.slice(1).filter((line) => line.trim() !== '');
  if (data.length === series.timestamps.length) {
    return new Set(series.timestamps);
  }
  const timeColumn = splitFields(lines[0]).findIndex((name) => /^(timestamp|time)$/i.test(name.trim()));
  const later = formatTimestamp(series.timestamps[series.timestamps.length - 1] + series.stepMs, series.format);
  const times = new Set<number>();
  for (const line of data) {
    const raw = splitFields(line)[timeColumn].trim();
    times.add(parseCsvSeries(series.file, `timestamp,value\n"${raw}",0\n"${later}",0\n`).timestamps[0]);
  }
  return times;
}

/** Splits a CSV line into fields, honouring double quotes (enough to find the time field). */
function splitFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"' && quoted && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === ',' && !quoted) {
      fields.push(field);
      field = '';
    } else {
      field += c;
    }
  }
  fields.push(field);
  return fields;
}

async function inputFiles(input: string): Promise<string[]> {
  const info = await stat(input).catch(() => {
    throw new UsageError(`--input ${input}: no such file or directory`);
  });
  if (!info.isDirectory()) {
    return [input];
  }
  const names = (await readdir(input)).filter((name) => name.toLowerCase().endsWith('.csv')).sort();
  if (names.length === 0) {
    throw new UsageError(`--input ${input}: the directory has no .csv files`);
  }
  return names.map((name) => join(input, name));
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
