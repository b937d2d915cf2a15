// `prophet-aiops detect` as a user runs it: real process, real files, exit codes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';

const MAIN = resolve(import.meta.dirname, '../../src/cli/main.ts');
const dir = mkdtempSync(join(tmpdir(), 'prophet-detect-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]) {
  return spawnSync(process.execPath, [MAIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });
}

/** Four days of 5-minute samples of a daily wave in the NAB format, with a spike at row `spikeAt`. */
function writeSeries(path: string, rows = 1152, spikeAt = 1000): string[] {
  const start = Date.UTC(2014, 3, 1);
  const lines = ['timestamp,value'];
  for (let i = 0; i < rows; i++) {
    const t = new Date(start + i * 300_000).toISOString().replace('T', ' ').slice(0, 19);
    const wobble = ((i * 7919) % 13) / 13 - 0.5; // deterministic noise
    lines.push(`${t},${(50 + 10 * Math.sin((2 * Math.PI * i) / 288) + wobble + (i === spikeAt ? 25 : 0)).toFixed(3)}`);
  }
  writeFileSync(path, lines.join('\n') + '\n');
  return lines;
}

describe('prophet-aiops detect', () => {
  it('writes timestamp,value,anomaly_score,is_anomaly for every input row, in order, in the input format', () => {
    const input = writeSeries(join(dir, 'cpu.csv'));
    const result = run('detect', '--input', join(dir, 'cpu.csv'));
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.equal(lines[0], 'timestamp,value,anomaly_score,is_anomaly');
    assert.equal(lines.length, input.length);
    lines.slice(1).forEach((line, i) => {
      const [timestamp, value, score, flag] = line.split(',');
      const [inTime, inValue] = input[i + 1].split(',');
      assert.equal(timestamp, inTime);
      assert.equal(Number(value), Number(inValue));
      assert.ok(Number(score) >= 0 && Number(score) <= 1);
      assert.ok(flag === '0' || flag === '1');
    });
    const anomalous = lines.slice(1).flatMap((line, i) => (line.endsWith(',1') ? [i] : []));
    assert.deepEqual(anomalous, [1000]);
  });

  it('--threshold sets the score at which rows are flagged', () => {
    writeSeries(join(dir, 'cpu.csv'));
    const flags = (threshold: string) => {
      const result = run('detect', '--input', join(dir, 'cpu.csv'), '--threshold', threshold);
      assert.equal(result.status, 0, result.stderr);
      return result.stdout
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(','));
    };
    const loose = flags('0.3');
    const byDefault = flags('0.7');
    for (const [i, row] of byDefault.entries()) {
      if (row[3] === '1') {
        assert.equal(loose[i][3], '1', `row ${i} flagged at 0.7 but not at 0.3`);
      }
    }
    assert.ok(loose.every((row) => (row[3] === '1') === Number(row[2]) >= 0.3));
    assert.ok(flags('1').every((row) => row[3] === '0' || row[2] === '1'));
  });

  it('keeps gap rows as input rows and does not write the time steps the file skipped', () => {
    const path = join(dir, 'gaps.csv');
    writeFileSync(
      path,
      'timestamp,value\n2026-01-01 00:00:00,1\n2026-01-01 00:05:00,\n2026-01-01 00:20:00,3\n"2026-01-01 00:25:00",NaN\n'
    );
    const result = run('detect', '--input', path);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(
      result.stdout,
      'timestamp,value,anomaly_score,is_anomaly\n2026-01-01 00:00:00,1,0,0\n2026-01-01 00:05:00,,0,0\n2026-01-01 00:20:00,3,0,0\n2026-01-01 00:25:00,,0,0\n'
    );
  });

  it('writes one output per input file of a directory with --out, names bad files by file:line and exits 1', () => {
    const input = join(dir, 'many');
    mkdirSync(input);
    const a = writeSeries(join(input, 'a.csv'));
    writeSeries(join(input, 'b.csv'), 400, 350);
    writeFileSync(join(input, 'bad.csv'), 'timestamp,value\n2026-01-01 00:00:00,1\n2026-01-01 00:05:00,oops\n');
    writeFileSync(join(input, 'notes.txt'), 'not a csv');
    const out = join(dir, 'out');
    const result = run('detect', '--input', input, '--out', out);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /bad\.csv:3: value "oops" is not a number/);
    assert.deepEqual(readdirSync(out).sort(), ['a.anomalies.csv', 'b.anomalies.csv']);
    const written = readFileSync(join(out, 'a.anomalies.csv'), 'utf8').trim().split('\n');
    assert.equal(written[0], 'timestamp,value,anomaly_score,is_anomaly');
    assert.equal(written.length, a.length);
    assert.equal(readFileSync(join(out, 'b.anomalies.csv'), 'utf8').trim().split('\n').length, 401);
  });

  it('prints a directory with a file column when there is no --out', () => {
    const input = join(dir, 'two');
    mkdirSync(input);
    writeSeries(join(input, 'x.csv'), 300);
    writeSeries(join(input, 'y.csv'), 200);
    const result = run('detect', '--input', input);
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.equal(lines[0], 'file,timestamp,value,anomaly_score,is_anomaly');
    assert.equal(lines.length, 1 + 300 + 200);
    assert.ok(lines[1].startsWith(join(input, 'x.csv') + ','));
    assert.ok(lines[500].startsWith(join(input, 'y.csv') + ','));
  });

  it('rejects a bad command line with exit code 2 and a hint', () => {
    for (const args of [
      ['detect'],
      ['detect', '--input', join(dir, 'nope.csv')],
      ['detect', '--input', join(dir, 'cpu.csv'), '--threshold', '1.5'],
      ['detect', '--input', join(dir, 'cpu.csv'), '--threshold', ''],
      ['detect', '--input', join(dir, 'cpu.csv'), '--horizon', '3'],
    ]) {
      const result = run(...args);
      assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, /prophet-aiops: .*\nRun "prophet-aiops help" for usage/);
    }
    assert.match(run('detect').stderr, /--input <file\.csv\|dir> is required/);
  });
});
