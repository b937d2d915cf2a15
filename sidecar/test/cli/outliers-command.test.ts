// `prophet-aiops outliers` through runOutliersCommand (main.ts wiring is tested with the binary elsewhere).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { runOutliersCommand, type OutliersCommandOptions } from '../../src/cli/outliers-command.ts';
import { parseWideCsv } from '../../src/cli/csv-wide.ts';
import { UsageError } from '../../src/cli/usage-error.ts';

const FIXTURES = resolve(import.meta.dirname, 'fixtures/outliers');
const dir = mkdtempSync(join(tmpdir(), 'prophet-outliers-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function run(options: OutliersCommandOptions) {
  let stdout = '';
  let stderr = '';
  const code = await runOutliersCommand(
    options,
    (t) => (stdout += t),
    (t) => (stderr += t)
  );
  return { code, stdout, stderr };
}

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('prophet-aiops outliers', () => {
  it('lists the outlying member of a wide CSV with its interval, in the input timestamp format', async () => {
    const result = await run({ input: join(FIXTURES, 'cpu.csv') });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stdout,
      'member,start,end,direction,score\nweb-c,2026-01-01 00:20:00,2026-01-01 00:40:00,above,0.417\n'
    );
    assert.equal(result.stderr, '');
  });

  it('treats a directory as one group with a feature per file, and names the feature', async () => {
    const result = await run({ input: join(FIXTURES, 'group') });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stdout,
      'member,feature,start,end,direction,score\n' +
        'web-e,memory,2026-01-01 00:30:00,2026-01-01 00:55:00,below,0.5\n' +
        'web-c,cpu,2026-01-01 00:20:00,2026-01-01 00:40:00,above,0.417\n'
    );
  });

  it('explains each outlier in JSON: feature, direction, value against the group median and band', async () => {
    const result = await run({ input: join(FIXTURES, 'group'), format: 'json' });
    assert.equal(result.code, 0, result.stderr);
    const output = JSON.parse(result.stdout);
    assert.deepEqual(output.features, ['cpu', 'memory']);
    assert.equal(output.members, 5);
    assert.equal(output.stepSeconds, 300);
    assert.deepEqual(
      output.outliers.map((o: { member: string }) => o.member),
      ['web-e', 'web-c']
    );
    const [memory] = output.outliers[0].reasons;
    assert.equal(memory.feature, 'memory');
    assert.equal(memory.direction, 'below');
    assert.equal(memory.value, 200);
    assert.equal(memory.groupMedian, 509.5);
    assert.ok(memory.bandLower > 200 && memory.bandLower < 509.5);
    assert.deepEqual(memory.intervals, [{ start: '2026-01-01 00:30:00', end: '2026-01-01 00:55:00' }]);
    assert.match(memory.summary, /^memory below the group: 200 vs median 510/);
  });

  it('prints only the header when nobody is outlying, and epoch timestamps stay epoch', async () => {
    const rows = Array.from({ length: 6 }, (_, i) => `${1767225600 + i * 60},1.0${i},1.1${i},0.9${i}`);
    const input = write('calm.csv', ['timestamp,a,b,c', ...rows].join('\n') + '\n');
    assert.deepEqual(await run({ input }), { code: 0, stdout: 'member,start,end,direction,score\n', stderr: '' });

    const hot = rows.map((row, i) => (i >= 2 ? row.replace(/,0\.9(\d)$/, ',5.0$1') : row));
    const result = await run({ input: write('hot.csv', ['timestamp,a,b,c', ...hot].join('\n') + '\n') });
    assert.equal(result.stdout, 'member,start,end,direction,score\nc,1767225720,1767225900,above,0.667\n');
  });

  it('refuses a group of two members with exit code 1 and says why', async () => {
    const input = write('two.csv', 'timestamp,a,b\n2026-01-01 00:00:00,1,2\n2026-01-01 00:05:00,1,2\n');
    const result = await run({ input });
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /two\.csv:1: the group has 2 members \(a, b\); at least 3 are needed/);
  });

  it('names the file, line, column and member of a bad value, judges nothing, exits 1', async () => {
    const input = write('bad.csv', 'timestamp,a,b,c\n2026-01-01 00:00:00,1,2,3\n2026-01-01 00:05:00,1,oops,3\n');
    const result = await run({ input });
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^error: .*bad\.csv:3: value "oops" in column 3 \(member "b"\) is not a number\n$/);
  });

  it('in a directory, reports every bad file and judges nothing', async () => {
    const group = join(dir, 'group');
    mkdirSync(group);
    writeFileSync(join(group, 'cpu.csv'), 'timestamp,a,b,c\n2026-01-01 00:00:00,1,2,3\n2026-01-01 00:05:00,1,2\n');
    writeFileSync(join(group, 'memory.csv'), '');
    writeFileSync(join(group, 'ok.csv'), 'timestamp,a,b,c\n2026-01-01 00:00:00,1,2,3\n2026-01-01 00:05:00,1,2,3\n');
    const result = await run({ input: group });
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /cpu\.csv:3: expected 4 fields like the header, got 3/);
    assert.match(result.stderr, /memory\.csv:1: the file is empty/);
  });

  it('throws a UsageError for a path that does not exist or a directory without CSV files', async () => {
    await assert.rejects(
      run({ input: join(dir, 'nope.csv') }),
      (e) => e instanceof UsageError && /no such file/.test(e.message)
    );
    mkdirSync(join(dir, 'none'));
    await assert.rejects(
      run({ input: join(dir, 'none') }),
      (e) => e instanceof UsageError && /no \.csv files/.test(e.message)
    );
  });
});

describe('parseWideCsv', () => {
  it('reads one column per member, with gaps and skipped rows as NaN', () => {
    const text =
      '\uFEFF"Time",a,"b"\n2026-01-01 00:00:00,1,\n2026-01-01 00:10:00,NaN,4\n2026-01-01 00:15:00,5,null\n2026-01-01 00:20:00,6,7\n';
    const w = parseWideCsv('w.csv', text);
    assert.equal(w.stepMs, 300_000);
    assert.equal(w.format, 'datetime');
    assert.deepEqual(
      w.timestamps,
      [0, 5, 10, 15, 20].map((m) => Date.UTC(2026, 0, 1, 0, m))
    );
    assert.deepEqual(w.members, [
      { id: 'a', values: [1, NaN, NaN, 5, 6] },
      { id: 'b', values: [NaN, NaN, 4, NaN, 7] },
    ]);
  });

  it('rejects headers it cannot read, naming line 1 and the column', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /w\.csv:1: the file is empty/],
      ['when,a,b\n', /w\.csv:1: no time column/],
      ['timestamp\n', /w\.csv:1: no member columns/],
      ['timestamp,a,,c\n', /w\.csv:1: column 3 has no name/],
      ['timestamp,a,b,a\n', /w\.csv:1: member "a" appears twice \(columns 2 and 4\)/],
    ];
    for (const [text, message] of cases) {
      assert.throws(() => parseWideCsv('w.csv', text), message, JSON.stringify(text));
    }
  });

  it('rejects bad rows with the same rules as the forecast input', () => {
    const head = 'timestamp,a,b\n2026-01-01 00:00:00,1,2\n';
    const cases: Array<[string, RegExp]> = [
      ['2026-01-01 00:05:00,1,x\n', /w\.csv:3: value "x" in column 3 \(member "b"\) is not a number/],
      ['yesterday,1,2\n', /w\.csv:3: unreadable timestamp "yesterday"/],
      ['2026-01-01 00:00:00,1,2\n', /w\.csv:3: duplicate timestamp/],
      ['2025-12-31 23:55:00,1,2\n', /w\.csv:3: .*rows must be sorted by time/],
      ['1767225900,1,2\n', /w\.csv:3: timestamp "1767225900" is epoch-seconds but earlier rows are datetime/],
      ['2026-01-01 00:05:00,1,2\n2026-01-01 00:07:00,1,2\n2026-01-01 00:12:00,1,2\n', /w\.csv:4: irregular time step/],
      ['', /w\.csv:\d+: too few data rows \(1\)/],
    ];
    for (const [rows, message] of cases) {
      assert.throws(() => parseWideCsv('w.csv', head + rows), message, rows);
    }
  });
});
