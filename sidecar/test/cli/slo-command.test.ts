// `prophet-aiops slo forecast` and `slo rules` as a user runs them: real process, real files, exit codes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';

const MAIN = resolve(import.meta.dirname, '../../src/cli/main.ts');
// 35 days of hourly counts: 3600 requests per hour, no errors, then 1% errors over the last day (burn rate 10
// against 99.9%). On a 30d rolling window the budget falls by 10/30 per day: 2/3 left now, gone 2 days later.
const FIXTURE = resolve(import.meta.dirname, 'fixtures/slo-burn.csv');
const SLO_FIXTURES = resolve(import.meta.dirname, '../slo/fixtures');
const dir = mkdtempSync(join(tmpdir(), 'prophet-slo-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]) {
  return spawnSync(process.execPath, [MAIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NODE_NO_WARNINGS: '1', PROPHET_CONFIG: '' },
  });
}

const fields = (stdout: string) =>
  new Map(
    stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',') as [string, string])
  );

describe('prophet-aiops slo forecast', () => {
  it('prints budget remaining, burn rates, alert state and the exhaustion with its range (csv)', () => {
    const r = run('slo', 'forecast', '--input', FIXTURE, '--objective', '0.999', '--window', '30d');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.split('\n')[0], 'field,value');
    const f = fields(r.stdout);
    assert.equal(f.get('now'), '2026-02-05 00:00:00');
    assert.ok(Math.abs(Number(f.get('budget_remaining')) - 2 / 3) < 1e-9);
    assert.ok(Math.abs(Number(f.get('burn_rate_1d')) - 10) < 1e-9);
    assert.ok(Math.abs(Number(f.get('burn_rate_3d')) - 10 / 3) < 1e-9);
    assert.equal(f.get('burn_rate_5m'), '', 'a window shorter than the step is unknown');
    assert.equal(f.get('alert_state'), 'page');
    assert.equal(f.get('outcome'), 'exhausts');
    // Analytic: 2/3 of the budget left, spent at 10/30 of the budget per day → 2 days.
    const at = Date.parse(`${f.get('exhausted_at')!.replace(' ', 'T')}Z`);
    assert.ok(Math.abs(at - Date.UTC(2026, 1, 7)) <= 3_600_000, f.get('exhausted_at'));
    const earliest = Date.parse(`${f.get('exhausted_earliest')!.replace(' ', 'T')}Z`);
    const latest = Date.parse(`${f.get('exhausted_latest')!.replace(' ', 'T')}Z`);
    assert.ok(earliest <= at && at <= latest);
    assert.ok(Number(f.get('budget_at_end')) < 0);
    assert.ok(Number(f.get('safe_burn_rate')) > 0 && Number(f.get('safe_burn_rate')) < 1);
  });

  it('--format json has the same figures as structured fields; calendar-month resets at the period end', () => {
    const r = run(
      'slo',
      'forecast',
      '--input',
      FIXTURE,
      '--objective',
      '0.999',
      '--window',
      'calendar-month',
      '--format',
      'json'
    );
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.window, 'calendar-month');
    assert.equal(out.forecast.endAt, '2026-03-01 00:00:00');
    // February so far: 4 days, the last at 1% errors: error ratio 0.25% → budget −1.5: already exhausted.
    assert.equal(out.forecast.outcome, 'already-exhausted');
    assert.ok(out.budgetRemaining < 0);
    assert.deepEqual(Object.keys(out.burnRates), ['5m', '30m', '1h', '2h', '6h', '1d', '3d']);
    assert.equal(out.alerts.length, 4);
  });

  it('bad input: errors name the file and line, exit 1', () => {
    const negative = join(dir, 'negative.csv');
    writeFileSync(
      negative,
      'timestamp,total,errors\n2026-01-01 00:00:00,10,0\n2026-01-01 01:00:00,-5,0\n2026-01-01 02:00:00,10,0\n'
    );
    let r = run('slo', 'forecast', '--input', negative, '--objective', '0.999', '--window', '30d');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /negative\.csv:3: counts cannot be negative/);

    const header = join(dir, 'header.csv');
    writeFileSync(header, 'timestamp,requests,failures\n2026-01-01 00:00:00,10,0\n2026-01-01 01:00:00,10,0\n');
    r = run('slo', 'forecast', '--input', header, '--objective', '0.999', '--window', '30d');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /header\.csv:1: expected the columns timestamp,total,errors/);

    const text = join(dir, 'text.csv');
    writeFileSync(text, 'timestamp,total,errors\n2026-01-01 00:00:00,10,0\n2026-01-01 01:00:00,10,lots\n');
    r = run('slo', 'forecast', '--input', text, '--objective', '0.999', '--window', '30d');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /text\.csv:3: value "lots"/);

    const more = join(dir, 'more.csv');
    writeFileSync(more, 'timestamp,total,errors\n2026-01-01 00:00:00,10,0\n2026-01-01 01:00:00,10,11\n');
    r = run('slo', 'forecast', '--input', more, '--objective', '0.999', '--window', '30d');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /more\.csv:3: more errors \(11\) than total events \(10\)/);

    r = run('slo', 'forecast', '--input', join(dir, 'missing.csv'), '--objective', '0.999', '--window', '30d');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /missing\.csv: cannot read/);
  });

  it('bad command lines exit 2 with a usage hint', () => {
    for (const args of [
      ['slo', 'forecast', '--objective', '0.999', '--window', '30d'],
      ['slo', 'forecast', '--input', FIXTURE, '--objective', '99.9', '--window', '30d'],
      ['slo', 'forecast', '--input', FIXTURE, '--objective', '0.999', '--window', '30 days'],
      ['slo', 'forecast', '--input', FIXTURE, '--objective', '0.999', '--window', '1h'],
      ['slo', 'forecast', '--input', FIXTURE, '--objective', '0.999', '--window', '30d', '--format', 'xml'],
      ['slo', 'forecast', '--input', FIXTURE, '--objective', '0.999', '--window', '30d', '--bogus'],
      ['slo', 'frobnicate'],
      ['slo'],
      ['slo', 'rules'],
      ['slo', 'rules', '--input', FIXTURE, '--period-interval', 'soon'],
    ]) {
      const r = run(...args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /Run "prophet-aiops help" for usage/);
    }
  });

  it('help lists both slo commands', () => {
    const r = run('help');
    assert.equal(r.status, 0);
    assert.match(r.stdout, /slo rules \[--config <file>\]/);
    assert.match(r.stdout, /slo forecast --input <sli\.csv> --objective <0\.999> --window <30d\|calendar-month>/);
  });
});

describe('prophet-aiops slo rules', () => {
  it('generates rules from a config file: its slos and the sloFiles it names (relative to it), sloRules periods', () => {
    const config = join(dir, 'config.yaml');
    mkdirSync(join(dir, 'slos'), { recursive: true });
    copyFileSync(join(SLO_FIXTURES, 'sloth-myservice.yaml'), join(dir, 'slos', 'sloth.yaml'));
    writeFileSync(
      config,
      [
        'sloRules: { periodInterval: 10m }',
        'slos:',
        '  - name: checkout-availability',
        '    service: checkout',
        '    objective: 0.999',
        '    window: 30d',
        '    indicator:',
        '      kind: ratio',
        '      errorQuery: sum(rate(http_requests_total{job="checkout",code=~"5.."}[{{.window}}]))',
        '      totalQuery: sum(rate(http_requests_total{job="checkout"}[{{.window}}]))',
        'sloFiles: [slos/sloth.yaml]',
        '',
      ].join('\n')
    );
    const out = join(dir, 'rules.yaml');
    const r = run('slo', 'rules', '--config', config, '--out', out);
    assert.equal(r.status, 0, r.stderr);
    const rules = readFileSync(out, 'utf8');
    assert.match(rules, /sloth_id: checkout-checkout-availability/);
    assert.match(rules, /interval: 10m/);
    assert.match(rules, /slo:sli_error:ratio_rate5m/);
    assert.match(rules, /sloth_id: myservice-requests-availability/);
  });

  it('reports a bad SLO file naming it, exit 1', () => {
    const bad = join(dir, 'bad-slo.yaml');
    writeFileSync(
      bad,
      'slos:\n  - name: x\n    objective: 99.9\n    window: 30d\n    indicator: { kind: raw, errorRatioQuery: "vector(0)" }\n'
    );
    const r = run('slo', 'rules', '--input', bad);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /slo error in .*bad-slo\.yaml: SLO "x": slos\[0\]\.objective/);
  });
});
