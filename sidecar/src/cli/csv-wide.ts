// Reads a "wide" CSV for the `outliers` command: one feature of a group, a time column and one column per member, e.g.
//   timestamp,web-7d9f-abcde,web-7d9f-fghij,web-7d9f-klmno
//   2026-01-01 00:00:00,0.31,0.29,0.88
// Same rules as csv-series.ts (the `forecast` input): a header with `timestamp` or Grafana's `Time`; timestamps as
// `YYYY-MM-DD HH:MM:SS` (UTC), RFC 3339 or epoch seconds / milliseconds, one format per file, strictly increasing on
// one regular step (skipped rows are gaps); empty, `NaN` and `null` values are gaps; anything else that is not a
// number is an error. Every error names the file and line, and for a value also the column and member.
import type { TimestampFormat } from './csv-series.ts';
import { isGap, readTimedCsv } from './csv-timed.ts';

export interface WideCsv {
  file: string;
  timestamps: number[];
  /** One per member column, in header order; values has one entry per timestamp (NaN for gaps). */
  members: Array<{ id: string; values: number[] }>;
  stepMs: number;
  format: TimestampFormat;
}


export function parseWideCsv(file: string, text: string): WideCsv {
  const csv = readTimedCsv(file, text, {
    expected: '"timestamp,<member>,<member>,…" and data rows',
    columns(header, timeColumn, fail) {
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
      return memberColumns.map((column) => ({ column, name: header[column] }));
    },
    row: (fields, members, line, fail) =>
      members.map(({ column, name }) => {
        const raw = fields[column].trim();
        if (isGap(raw)) {
          return NaN;
        }
        const v = Number(raw);
        if (!Number.isFinite(v)) {
          fail(line, `value "${raw}" in column ${column + 1} (member "${name}") is not a number`);
        }
        return v;
      }),
  });
  const members = csv.columns.map(({ name }, m) => ({
    id: name,
    values: csv.rows.map((row) => (row ? row[m] : NaN)),
  }));
  return { file, timestamps: csv.timestamps, members, stepMs: csv.stepMs, format: csv.format };
}
