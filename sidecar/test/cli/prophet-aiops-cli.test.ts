// The prophet-aiops binary as a user runs it: real process, real files, exit codes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';

const MAIN = resolve(import.meta.dirname, '../../src/cli/main.ts');
const dir = mkdtempSync(join(tmpdir(), 'prophet-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]) {
  return spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' } });
}

/** A day and a half of 5-minute samples of a ramp with a daily wave, in the NAB file format. */
function writeSeries(path: string, rows = 432) {
  const start = Date.UTC(2026, 0, 1);
  const lines = ['timestamp,value'];
  for (let i = 0; i < rows; i++) {
    const t = new Date(start + i * 300_000).toISOString().replace('T', ' ').slice(0, 19);
    lines.push(`${t},${(50 + i * 0.05 + 10 * Math.sin((2 * Math.PI * i) / 288)).toFixed(3)}`);
  }
  writeFileSync(path, lines.join('\n') + '\n');
  return start + (rows - 1) * 300_000;
}

describe('prophet-aiops forecast', () => {
  it('prints timestamp,yhat,lower,upper for each future step, continuing the input step and format', () => {
    const last = writeSeries(join(dir, 'cpu.csv'));
    const result = run('forecast', '--input', join(dir, 'cpu.csv'), '--horizon', '12');
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.equal(lines[0], 'timestamp,yhat,lower,upper');
    assert.equal(lines.length, 13);
    const [ts, yhat, lower, upper] = lines[1].split(',');
    assert.equal(ts, new Date(last + 300_000).toISOString().replace('T', ' ').slice(0, 19));
    assert.ok(Number(lower) <= Number(yhat) && Number(yhat) <= Number(upper));
    assert.ok(Math.abs(Number(yhat) - (50 + 432 * 0.05 + 10 * Math.sin((2 * Math.PI * 432) / 288))) < 3);
  });

  it('writes one JSON file per CSV of a directory with --out, with the model and its accuracy', () => {
    const input = join(dir, 'many');
    mkdirSync(input);
    writeSeries(join(input, 'a.csv'));
    writeSeries(join(input, 'b.csv'), 300);
    const out = join(dir, 'out');
    const result = run('forecast', '--input', input, '--horizon', '6', '--format', 'json', '--level', '0.8', '--out', out);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(readdirSync(out).sort(), ['a.forecast.json', 'b.forecast.json']);
    const a = JSON.parse(readFileSync(join(out, 'a.forecast.json'), 'utf8'));
    assert.equal(a.points.length, 6);
    assert.equal(typeof a.model, 'string');
    assert.equal(a.stepSeconds, 300);
  });

  it('names the file and line of bad input, forecasts the good files and exits 1', () => {
    const input = join(dir, 'mixed');
    mkdirSync(input);
    writeSeries(join(input, 'good.csv'));
    writeFileSync(join(input, 'bad.csv'), 'timestamp,value\n2026-01-01 00:00:00,1\n2026-01-01 00:05:00,oops\n');
    writeFileSync(join(input, 'empty.csv'), '');
    const result = run('forecast', '--input', input, '--horizon', '3');
    assert.equal(result.status, 1);
    assert.match(result.stderr, /bad\.csv:3: value "oops" is not a number/);
    assert.match(result.stderr, /empty\.csv:1: the file is empty/);
    assert.match(result.stdout, /^file,timestamp,yhat,lower,upper\n/);
    assert.equal(result.stdout.trim().split('\n').length, 4);
  });

  it('rejects a bad command line with exit code 2 and a hint', () => {
    for (const args of [
      ['forecast', '--input', join(dir, 'cpu.csv')],
      ['forecast', '--input', join(dir, 'cpu.csv'), '--horizon', 'ten'],
      ['forecast', '--input', join(dir, 'nope.csv'), '--horizon', '3'],
      ['forecast', '--input', join(dir, 'cpu.csv'), '--horizon', '3', '--format', 'xml'],
      ['frobnicate'],
    ]) {
      const result = run(...args);
      assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, /prophet-aiops: .*\nRun "prophet-aiops help" for usage/);
    }
  });
});

describe('prophet-aiops outliers', () => {
  const FIXTURES = resolve(import.meta.dirname, 'fixtures/outliers');

  it('lists the outlying member of a wide CSV with its interval, direction and score', () => {
    const result = run('outliers', '--input', join(FIXTURES, 'cpu.csv'));
    assert.equal(result.status, 0, result.stderr);
    assert.equal(
      result.stdout,
      'member,start,end,direction,score\nweb-c,2026-01-01 00:20:00,2026-01-01 00:40:00,above,0.417\n'
    );
  });

  it('explains the outlier as JSON, and a directory adds the feature column', () => {
    const json = run('outliers', '--input', join(FIXTURES, 'cpu.csv'), '--format', 'json', '--algorithm', 'dbscan');
    assert.equal(json.status, 0, json.stderr);
    const output = JSON.parse(json.stdout);
    assert.deepEqual(output.outliers.map((o: { member: string }) => o.member), ['web-c']);
    assert.equal(output.outliers[0].reasons[0].feature, 'cpu');
    const group = run('outliers', '--input', join(FIXTURES, 'group'));
    assert.equal(group.status, 0, group.stderr);
    assert.match(group.stdout.split('\n')[0], /^member,feature,start,end,direction,score$/);
  });

  it('a high threshold finds nothing; bad options exit 2 naming the option', () => {
    const strict = run('outliers', '--input', join(FIXTURES, 'cpu.csv'), '--threshold', '1000', '--min-relative-deviation', '5');
    assert.equal(strict.status, 0, strict.stderr);
    assert.equal(strict.stdout, 'member,start,end,direction,score\n');
    for (const [args, message] of [
      [[], /--input <wide.csv\|dir> is required/],
      [['--input', join(FIXTURES, 'cpu.csv'), '--format', 'xml'], /--format must be csv or json/],
      [['--input', join(FIXTURES, 'cpu.csv'), '--algorithm', 'kmeans'], /--algorithm must be dbscan or mad/],
      [['--input', join(FIXTURES, 'cpu.csv'), '--threshold', '0'], /--threshold must be a number above 0/],
      [['--input', join(FIXTURES, 'cpu.csv'), '--min-relative-deviation=-1'], /--min-relative-deviation must be/],
      [['--input', join(FIXTURES, 'cpu.csv'), '--min-points', '1.5'], /--min-points must be a whole number/],
      [['--input', join(dir, 'missing.csv')], /no such file or directory/],
    ] as const) {
      const result = run('outliers', ...args);
      assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.match(result.stderr, /Run "prophet-aiops help" for usage/);
    }
  });
});

describe('prophet-aiops serve', () => {
  it('refuses to start with a config error naming the field', () => {
    const config = join(dir, 'bad.yaml');
    writeFileSync(config, 'forecasts:\n  jobs:\n    - name: cpu\n      query: up\n      step: 5 minutes\n');
    const result = run('serve', '--config', config);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /bad\.yaml.*forecasts\.jobs\[0\]\.step/);
  });

  it('refuses to serve without a token outside demo mode', () => {
    const result = spawnSync(process.execPath, [MAIN, 'serve'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, NODE_NO_WARNINGS: '1' },
    });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /server\.token: a bearer token is required/);
  });
});
