// Reads a "wide" CSV for the `outliers` command: one feature of a group, a time column and one column per member, e.g.
//   timestamp,web-7d9f-abcde,web-7d9f-fghij,web-7d9f-klmno
//   2026-01-01 00:00:00,0.31,0.29,0.88
// Same rules as csv-series.ts (the `forecast` input): a header with `timestamp` or Grafana's `Time`; timestamps as
// `YYYY-MM-DD HH:MM:SS` (UTC), RFC 3339 or epoch seconds / milliseconds, one format per file, strictly increasing on
// one regular step (skipped rows are gaps); empty, `NaN` and `null` values are gaps; anything else that is not a
// number is an error. Every error names the file and line, and for a value also the column and member.
import {
  CsvInputError,
  medianStep,
  parseTimestamp,
  splitCsvLine,
  timestampFormat,
  type TimestampFormat,
} from './csv-series.ts';

export interface WideCsv {
  file: string;
  timestamps: number[];
  /** One per member column, in header order; values has one entry per timestamp (NaN for gaps). */
  members: Array<{ id: string; values: number[] }>;
  stepMs: number;
  format: TimestampFormat;
}

const GAP = new Set(['', 'nan', 'null']);

export function parseWideCsv(file: string, text: string): WideCsv {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const fail = (line: number, message: string): never => {
    throw new CsvInputError(`${file}:${line}: ${message}`);
  };
  if (lines.every((line) => line.trim() === '')) {
    fail(1, 'the file is empty; expected a header row "timestamp,<member>,<member>,…" and data rows');
  }
  const header = splitCsvLine(lines[0]).map((name) => name.trim());
  const timeColumn = header.findIndex((name) => /^(timestamp|time)$/i.test(name));
  if (timeColumn < 0) {
    fail(1, `no time column: expected a header with "timestamp" (or Grafana's "Time"), got "${lines[0]}"`);
  }
  const memberColumns = header.map((_, i) => i).filter((i) => i !== timeColumn);
  if (memberColumns.length === 0) {
    fail(1, 'no member columns: expected "timestamp,<member>,<member>,…", one column per member');
  }
  const seen = new Map<string, number>();
  for (const i of memberColumns) {
    if (header[i] === '') {
      fail(1, `column ${i + 1} has no name; every member column needs the member's name`);
    }
    if (seen.has(header[i])) {
      fail(1, `member "${header[i]}" appears twice (columns ${seen.get(header[i])! + 1} and ${i + 1})`);
    }
    seen.set(header[i], i);
  }

  const rows: Array<{ line: number; t: number; values: number[] }> = [];
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
    const previous = rows[rows.length - 1];
    if (previous && t === previous.t) {
      fail(line, `duplicate timestamp "${rawTime}" (also on line ${previous.line})`);
    }
    if (previous && t < previous.t) {
      fail(line, `timestamp "${rawTime}" is earlier than line ${previous.line}'s: rows must be sorted by time`);
    }
    const values = memberColumns.map((column) => {
      const raw = fields[column].trim();
      if (GAP.has(raw.toLowerCase())) {
        return NaN;
      }
      const v = Number(raw);
      if (!Number.isFinite(v)) {
        fail(line, `value "${raw}" in column ${column + 1} (member "${header[column]}") is not a number`);
      }
      return v;
    });
    rows.push({ line, t, values });
  }
  if (rows.length < 2) {
    fail(lines.length, `too few data rows (${rows.length}); at least 2 are needed to know the time step`);
  }

  const stepMs = medianStep(rows.map((row) => row.t));
  const timestamps: number[] = [];
  const members = memberColumns.map((column) => ({ id: header[column], values: [] as number[] }));
  for (let i = 0; i < rows.length; i++) {
    if (i > 0) {
      const steps = (rows[i].t - rows[i - 1].t) / stepMs;
      if (Math.abs(steps - Math.round(steps)) > 0.1) {
        fail(
          rows[i].line,
          `irregular time step: ${rows[i].t - rows[i - 1].t} ms after the previous row, the step is ${stepMs} ms`
        );
      }
      for (let k = 1; k < Math.round(steps); k++) {
        timestamps.push(rows[i - 1].t + k * stepMs);
        members.forEach((member) => member.values.push(NaN));
      }
    }
    timestamps.push(rows[i].t);
    members.forEach((member, m) => member.values.push(rows[i].values[m]));
  }
  return { file, timestamps, members, stepMs, format: format! };
}
