// The part of reading a time-stamped CSV that every command shares: the header with its time column, one timestamp
// format per file, strictly increasing timestamps on one regular step (skipped rows become gap rows), and errors that
// name the file and line. What the other columns mean is the caller's: `columns` reads the header, `row` a data row.
import {
  CsvInputError,
  medianStep,
  parseTimestamp,
  splitCsvLine,
  timestampFormat,
  type TimestampFormat,
} from './csv-series.ts';

const GAP = new Set(['', 'nan', 'null']);

/** Empty cells, `NaN` and `null` are gaps in every input format. */
export const isGap = (raw: string): boolean => GAP.has(raw.trim().toLowerCase());

export type Fail = (line: number, message: string) => never;

export interface TimedCsvSpec<C, V> {
  /** What an empty file should have held, e.g. `"timestamp,value" and data rows`. */
  expected: string;
  columns(header: string[], timeColumn: number, fail: Fail): C;
  row(fields: string[], columns: C, line: number, fail: Fail): V;
}

export interface TimedCsv<C, V> {
  header: string[];
  columns: C;
  timestamps: number[];
  /** One per timestamp; null for a step the file skipped. */
  rows: Array<V | null>;
  stepMs: number;
  format: TimestampFormat;
}

export function readTimedCsv<C, V>(file: string, text: string, spec: TimedCsvSpec<C, V>): TimedCsv<C, V> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const fail: Fail = (line, message) => {
    throw new CsvInputError(`${file}:${line}: ${message}`);
  };
  if (lines.every((line) => line.trim() === '')) {
    fail(1, `the file is empty; expected a header row ${spec.expected}`);
  }
  const header = splitCsvLine(lines[0]).map((name) => name.trim());
  const timeColumn = header.findIndex((name) => /^(timestamp|time)$/i.test(name));
  if (timeColumn < 0) {
    fail(1, `no time column: expected a header with "timestamp" (or Grafana's "Time"), got "${lines[0]}"`);
  }
  const columns = spec.columns(header, timeColumn, fail);

  const read: Array<{ line: number; t: number; value: V }> = [];
  let format: TimestampFormat | null = null;
  for (let index = 1; index < lines.length; index++) {
    const line = index + 1;
    if (lines[index].trim() === '') {
      continue;
    }
    const fields = splitCsvLine(lines[index]);
    if (fields.length !== header.length) {
      fail(line, `expected ${header.length} fields like the header, got ${fields.length}`);
    }
    const rawTime = fields[timeColumn].trim();
    const rowFormat = timestampFormat(rawTime);
    if (!rowFormat) {
      fail(line, `unreadable timestamp "${rawTime}": use YYYY-MM-DD HH:MM:SS, RFC 3339, or epoch seconds/milliseconds`);
    }
    format ??= rowFormat;
    if (rowFormat !== format) {
      fail(line, `timestamp "${rawTime}" is ${rowFormat} but earlier rows are ${format}`);
    }
    const t = parseTimestamp(rawTime, rowFormat!);
    const value = spec.row(fields, columns, line, fail);
    const previous = read[read.length - 1];
    if (previous && t === previous.t) {
      fail(line, `duplicate timestamp "${rawTime}" (also on line ${previous.line})`);
    }
    if (previous && t < previous.t) {
      fail(line, `timestamp "${rawTime}" is earlier than line ${previous.line}'s: rows must be sorted by time`);
    }
    read.push({ line, t, value });
  }
  if (read.length < 2) {
    fail(lines.length, `too few data rows (${read.length}); at least 2 are needed to know the time step`);
  }

  const stepMs = medianStep(read.map((row) => row.t));
  const timestamps: number[] = [];
  const rows: Array<V | null> = [];
  for (let i = 0; i < read.length; i++) {
    if (i > 0) {
      const steps = (read[i].t - read[i - 1].t) / stepMs;
      if (Math.abs(steps - Math.round(steps)) > 0.1) {
        fail(
          read[i].line,
          `irregular time step: ${read[i].t - read[i - 1].t} ms after the previous row, the step is ${stepMs} ms`
        );
      }
      for (let k = 1; k < Math.round(steps); k++) {
        timestamps.push(read[i - 1].t + k * stepMs);
        rows.push(null);
      }
    }
    timestamps.push(read[i].t);
    rows.push(read[i].value);
  }
  return { header, columns, timestamps, rows, stepMs, format: format! };
}
