import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatTimestamp, parseCsvSeries } from '../../src/cli/csv-series.ts';

describe('parseCsvSeries', () => {
  it('reads YYYY-MM-DD HH:MM:SS rows as UTC on their step', () => {
    const s = parseCsvSeries('a.csv', 'timestamp,value\n2026-01-01 00:00:00,1\n2026-01-01 00:05:00,2\n');
    assert.deepEqual(s.timestamps, [Date.UTC(2026, 0, 1, 0, 0), Date.UTC(2026, 0, 1, 0, 5)]);
    assert.deepEqual(s.values, [1, 2]);
    assert.equal(s.stepMs, 300_000);
    assert.equal(s.format, 'datetime');
  });

  it('reads RFC 3339 with offsets, epoch seconds and epoch milliseconds', () => {
    const rfc = parseCsvSeries('a.csv', 'timestamp,value\n2026-01-01T01:00:00+01:00,1\n2026-01-01T00:01:00Z,2\n');
    assert.deepEqual(rfc.timestamps, [Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1, 0, 1)]);
    const seconds = parseCsvSeries('a.csv', 'timestamp,value\n1767225600,1\n1767225660,2\n');
    assert.equal(seconds.format, 'epoch-seconds');
    assert.equal(seconds.timestamps[1], 1767225660_000);
    const ms = parseCsvSeries('a.csv', 'timestamp,value\n1767225600000,1\n1767225660000,2\n');
    assert.equal(ms.format, 'epoch-ms');
    assert.equal(ms.stepMs, 60_000);
  });

  it("reads Grafana's CSV export: BOM, quoted header, Time column and a named series column", () => {
    const text = '\uFEFF"Time","checkout memory"\n"2026-01-01 00:00:00","10"\n"2026-01-01 00:01:00","11"\n';
    const s = parseCsvSeries('grafana.csv', text);
    assert.deepEqual(s.values, [10, 11]);
  });

  it('treats empty, NaN and null values and skipped rows as gaps', () => {
    const text = 'timestamp,value\n0,1\n60,\n120,NaN\n180,null\n360,5\n';
    const s = parseCsvSeries('gaps.csv', text);
    assert.equal(s.values.length, 7);
    assert.deepEqual(s.values.map(Number.isNaN), [false, true, true, true, true, true, false]);
  });

  const bad: Array<[string, string, RegExp]> = [
    ['empty file', '', /empty\.csv:1: the file is empty/],
    ['no time column', 'when,value\n1,2\n', /:1: no time column/],
    ['non-numeric value', 'timestamp,value\n0,1\n60,abc\n', /:3: value "abc" is not a number/],
    ['unsorted', 'timestamp,value\n120,1\n60,2\n', /:3: timestamp "60" is earlier than line 2's/],
    ['duplicate', 'timestamp,value\n60,1\n60,2\n', /:3: duplicate timestamp "60" \(also on line 2\)/],
    ['too few rows', 'timestamp,value\n60,1\n', /too few data rows \(1\)/],
    ['bad timestamp', 'timestamp,value\nyesterday,1\n', /:2: unreadable timestamp "yesterday"/],
    ['mixed formats', 'timestamp,value\n60,1\n2026-01-01 00:00:00,2\n', /:3: timestamp .* is datetime but earlier rows are epoch-seconds/],
    ['wrong field count', 'timestamp,value\n60,1,3\n', /:2: expected 2 fields/],
    ['irregular step', 'timestamp,value\n0,1\n60,1\n120,1\n150,1\n', /:5: irregular time step/],
  ];
  for (const [what, text, message] of bad) {
    it(`rejects ${what} with the file and line`, () => {
      assert.throws(() => parseCsvSeries(what === 'empty file' ? 'empty.csv' : 'bad.csv', text), message);
    });
  }

  it('formats output timestamps like the input', () => {
    const t = Date.UTC(2026, 0, 1, 0, 5);
    assert.equal(formatTimestamp(t, 'datetime'), '2026-01-01 00:05:00');
    assert.equal(formatTimestamp(t, 'rfc3339'), '2026-01-01T00:05:00Z');
    assert.equal(formatTimestamp(t, 'epoch-seconds'), '1767225900');
    assert.equal(formatTimestamp(t, 'epoch-ms'), '1767225900000');
  });
});
