// Reads a time series from CSV for the `forecast` command. Accepted input, and the rules for bad input:
// - a header row naming a time column (`timestamp` or Grafana's CSV export `Time`) and a value column (`value`, or
//   the only other column); a UTF-8 BOM and double-quoted fields are accepted;
// - timestamps as `YYYY-MM-DD HH:MM:SS` (UTC), RFC 3339, or epoch seconds / milliseconds, one format per file;
// - empty values and `NaN`/`null` are gaps; missing rows (a time step skipped) are gaps too. Gaps are filled by the
//   forecast engine (interpolated between neighbours). Anything else that is not a number is an error;
// - timestamps must increase strictly and sit on one regular step (whole multiples of it, for skipped rows).
// Every error names the file and the line, and nothing is forecast from a file with an error.

export type TimestampFormat = 'datetime' | 'rfc3339' | 'epoch-seconds' | 'epoch-ms';

export interface CsvSeries {
  file: string;
  timestamps: number[];
  values: number[];
  stepMs: number;
  format: TimestampFormat;
}

import { isGap, readTimedCsv } from './csv-timed.ts';

export class CsvInputError extends Error {
  override name = 'CsvInputError';
}

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[ ](\d{2}):(\d{2}):(\d{2}(?:\.\d+)?)$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
const EPOCH = /^\d+(\.\d+)?$/;

export function parseCsvSeries(file: string, text: string): CsvSeries {
  const csv = readTimedCsv(file, text, {
    expected: '"timestamp,value" and data rows',
    columns(header, timeColumn, fail) {
      const others = header.map((_, i) => i).filter((i) => i !== timeColumn);
      const named = header.findIndex((name) => /^value$/i.test(name));
      const valueColumn = named >= 0 ? named : others.length === 1 ? others[0] : -1;
      if (valueColumn < 0) {
        fail(1, `expected one value column named "value", found ${others.length}: ${others.map((i) => header[i]).join(', ')}`);
      }
      return valueColumn;
    },
    row(fields, valueColumn, line, fail) {
      const rawValue = fields[valueColumn].trim();
      if (isGap(rawValue)) {
        return NaN;
      }
      const v = Number(rawValue);
      if (!Number.isFinite(v)) {
        fail(line, `value "${rawValue}" is not a number`);
      }
      return v;
    },
  });
  const values = csv.rows.map((v) => v ?? NaN);
  return { file, timestamps: csv.timestamps, values, stepMs: csv.stepMs, format: csv.format };
}

/** Formats a timestamp the way the input wrote its own, so output continues the input's style. */
export function formatTimestamp(t: number, format: TimestampFormat): string {
  switch (format) {
    case 'epoch-ms':
      return String(Math.round(t));
    case 'epoch-seconds':
      return String(t / 1000);
    case 'rfc3339':
      return new Date(t).toISOString().replace('.000Z', 'Z');
    case 'datetime':
      return new Date(t).toISOString().replace('T', ' ').replace(/\.000Z$/, '').replace(/Z$/, '');
  }
}

export function timestampFormat(raw: string): TimestampFormat | null {
  if (DATETIME.test(raw)) {
    return 'datetime';
  }
  if (RFC3339.test(raw)) {
    return 'rfc3339';
  }
  if (EPOCH.test(raw)) {
    // Epoch milliseconds have 13 digits today; seconds 10. 1e11 s is the year 5138, 1e11 ms is 1973.
    return Number(raw) >= 1e11 ? 'epoch-ms' : 'epoch-seconds';
  }
  return null;
}

export function parseTimestamp(raw: string, format: TimestampFormat): number {
  switch (format) {
    case 'datetime':
      return Date.parse(raw.replace(' ', 'T') + 'Z');
    case 'rfc3339':
      return Date.parse(raw);
    case 'epoch-seconds':
      return Math.round(Number(raw) * 1000);
    case 'epoch-ms':
      return Number(raw);
  }
}

export function medianStep(timestamps: number[]): number {
  const diffs = timestamps.slice(1).map((t, i) => t - timestamps[i]).sort((a, b) => a - b);
  return diffs[Math.floor(diffs.length / 2)];
}

/** Splits one CSV line, honouring double-quoted fields with "" escapes. */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else {
      field += c;
    }
  }
  fields.push(field);
  return fields;
}
