// slos, sloFiles and sloRules in the config: shipped demo SLOs when none are named, imports relative to the config
// file, errors naming the file, the SLO and the field, and warnings kept for start-up.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ConfigError, DEFAULT_SLOS, loadConfig } from '../../src/config/index.ts';

const EXAMPLE = fileURLToPath(new URL('../../config.example.yaml', import.meta.url));
const SLO_FIXTURES = resolve(import.meta.dirname, '../slo/fixtures');

function withDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'prophet-slo-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function withFile(t: { after: (fn: () => void) => void }, text: string, dir = withDir(t)): string {
  const path = join(dir, 'config.yaml');
  writeFileSync(path, `server: { token: t }\n${text}`);
  return path;
}

function errorOf(file: string): string {
  try {
    loadConfig({ file, env: {} });
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.message;
  }
  return assert.fail('expected a ConfigError');
}

const AVAILABILITY = `
  - name: checkout-availability
    service: checkout
    objective: 0.999
    window: 28d
    indicator:
      kind: ratio
      errorQuery: sum(rate(http_requests_total{job="checkout",code=~"5.."}[{{.window}}]))
      totalQuery: sum(rate(http_requests_total{job="checkout"}[{{.window}}]))
`;

test('with no slos and no sloFiles the shipped demo SLOs apply; sloRules defaults to 5m and 30d', () => {
  const config = loadConfig({ env: { PROPHET_TOKEN: 't' } });
  assert.equal(config.slos.defaults, true);
  assert.deepEqual(
    config.slos.specs.map((s) => `${s.service}-${s.name}`),
    ['payments-api-availability', 'shop-frontend-latency']
  );
  assert.equal(config.slos.specs.length, DEFAULT_SLOS.length);
  assert.deepEqual(config.slos.specs[0].window, { kind: 'rolling', duration: '30d' });
  assert.equal(config.slos.sourceOf['payments-api-availability'], 'defaults');
  assert.deepEqual(config.slos.rules, { periodInterval: '5m', slothPeriod: '30d' });
  assert.deepEqual(config.slos.warnings, []);
});

test('slos in the file replace the defaults; an empty list means no SLOs', (t) => {
  const config = loadConfig({ file: withFile(t, `slos:${AVAILABILITY}`), env: {} });
  assert.equal(config.slos.defaults, false);
  assert.deepEqual(
    config.slos.specs.map((s) => s.name),
    ['checkout-availability']
  );
  assert.deepEqual(config.slos.specs[0].window, { kind: 'rolling', duration: '28d' });
  assert.equal(loadConfig({ file: withFile(t, 'slos: []\n'), env: {} }).slos.specs.length, 0);
});

test('sloFiles are imported relative to the config file (ours, Sloth, Pyrra) with sloRules.slothPeriod', (t) => {
  const dir = withDir(t);
  mkdirSync(join(dir, 'slos'));
  copyFileSync(join(SLO_FIXTURES, 'sloth-myservice.yaml'), join(dir, 'slos', 'sloth.yaml'));
  copyFileSync(join(SLO_FIXTURES, 'pyrra-slos.yaml'), join(dir, 'slos', 'pyrra.yaml'));
  const file = withFile(
    t,
    `sloRules: { slothPeriod: 28d, periodInterval: 10m }\nsloFiles: [slos/sloth.yaml, slos/pyrra.yaml]\nslos:${AVAILABILITY}`,
    dir
  );
  const config = loadConfig({ file, env: {} });
  assert.equal(config.slos.specs[0].name, 'checkout-availability');
  assert.equal(config.slos.sourceOf['checkout-checkout-availability'], file);
  const sloth = config.slos.specs.find((s) => s.service === 'myservice')!;
  assert.deepEqual(sloth.window, { kind: 'rolling', duration: '28d' });
  assert.equal(config.slos.sourceOf[`myservice-${sloth.name}`], join(dir, 'slos', 'sloth.yaml'));
  assert.ok(config.slos.specs.length > 3, config.slos.specs.map((s) => s.name).join());
  assert.deepEqual(config.slos.sources, [file, join(dir, 'slos', 'sloth.yaml'), join(dir, 'slos', 'pyrra.yaml')]);
  assert.deepEqual(config.slos.rules, { periodInterval: '10m', slothPeriod: '28d' });
});

test('only sloFiles: no demo SLOs', (t) => {
  const dir = withDir(t);
  copyFileSync(join(SLO_FIXTURES, 'prophet-slos.yaml'), join(dir, 'mine.yaml'));
  const config = loadConfig({ file: withFile(t, 'sloFiles: [mine.yaml]\n', dir), env: {} });
  assert.equal(config.slos.defaults, false);
  assert.ok(config.slos.specs.length > 0);
  assert.ok(!config.slos.specs.some((s) => s.service === 'payments-api'));
});

test('SLO errors name the file, the SLO and the field, all at once', (t) => {
  const file = withFile(
    t,
    `slos:
  - name: checkout-availability
    objective: 99.9
    window: 30d
    indicator: { kind: raw, errorRatioQuery: 'vector(0)' }
  - name: api-latency
    objective: 0.99
    window: 1h
    indicator: { kind: latency, histogramMetric: http_request_duration_seconds, threshold: 0.3 }
`
  );
  const message = errorOf(file);
  assert.match(message, /config error in .*config\.yaml: slos\[0\]\.objective: SLO "checkout-availability": /);
  const second = errorOf(
    withFile(
      t,
      `slos:
  - name: api-latency
    objective: 0.99
    window: 1h
    indicator: { kind: latency, histogramMetric: http_request_duration_seconds, threshold: 0.3 }
  - name: api-errors
    objective: 0.99
    window: 30d
    indicator: { kind: ratio, errorQuery: 'sum(rate(x[5m]))', totalQuery: 'sum(rate(y[{{.window}}]))' }
`
    )
  );
  assert.match(second, /slos\[0\]\.window: SLO "api-latency": must be at least 1d/);
  assert.match(
    second,
    /slos\[0\]\.indicator\.histogramMetric: SLO "api-latency": expected a histogram's bucket series/
  );
  assert.match(second, /slos\[1\]\.indicator\.errorQuery: SLO "api-errors": must use the \{\{\.window\}\} placeholder/);
});

test('a bad or missing SLO file is named; duplicate SLO ids across files are reported; other errors still show', (t) => {
  const dir = withDir(t);
  writeFileSync(
    join(dir, 'bad.yaml'),
    'slos:\n  - name: x\n    objective: 2\n    window: 30d\n    indicator: { kind: raw, errorRatioQuery: "vector(0)" }\n'
  );
  writeFileSync(join(dir, 'dup.yaml'), `slos:${AVAILABILITY}`);
  const file = withFile(
    t,
    `sloFiles: [bad.yaml, missing.yaml, dup.yaml]\nslos:${AVAILABILITY}forecasts: { defaults: { step: 5 minutes } }\n`,
    dir
  );
  const message = errorOf(file);
  assert.match(message, /forecasts\.defaults\.step/);
  // schema errors stop before the files are read
  const message2 = errorOf(withFile(t, `sloFiles: [bad.yaml, missing.yaml, dup.yaml]\nslos:${AVAILABILITY}`, dir));
  assert.match(message2, /config error in .*bad\.yaml: slos\[0\]\.objective: SLO "x": /);
  assert.match(message2, /config error in .*config\.yaml: sloFiles: cannot read SLO file: .*missing\.yaml/);
  assert.match(
    message2,
    /config error in .*dup\.yaml: name: SLO "checkout-availability": duplicate SLO id "checkout-checkout-availability" \(service and name; also in .*config\.yaml\)/
  );
});

test('sloFiles and sloRules are checked by the schema', (t) => {
  assert.match(errorOf(withFile(t, 'sloFiles: [""]\n')), /sloFiles\[0\]: /);
  assert.match(
    errorOf(withFile(t, 'sloRules: { periodInterval: often }\n')),
    /sloRules\.periodInterval: expected a duration like "5m"/
  );
  assert.match(errorOf(withFile(t, 'sloRules: { bogus: 1 }\n')), /sloRules/);
});

test('import warnings are kept for start-up (a Pyrra field we ignore)', (t) => {
  const dir = withDir(t);
  writeFileSync(
    join(dir, 'pyrra.yaml'),
    `apiVersion: pyrra.dev/v1alpha1
kind: ServiceLevelObjective
metadata: { name: shop-errors, namespace: shop }
spec:
  target: '99.9'
  window: 28d
  partial_response_strategy: warn
  indicator:
    ratio:
      errors: { metric: 'http_requests_total{job="shop",code=~"5.."}' }
      total: { metric: 'http_requests_total{job="shop"}' }
`
  );
  const config = loadConfig({ file: withFile(t, 'sloFiles: [pyrra.yaml]\n', dir), env: {} });
  assert.equal(config.slos.specs.length, 1);
  assert.equal(config.slos.warnings.length, 1);
  assert.match(
    config.slos.warnings[0],
    /^slo warning in .*pyrra\.yaml: SLO "shop-errors": .*partial_response_strategy: ignored/
  );
});

test('the example config loads and names SLOs', () => {
  const config = loadConfig({ file: EXAMPLE, env: { PROPHET_TOKEN: 't' } });
  assert.ok(config.slos.specs.length > 0);
  assert.equal(config.slos.defaults, false);
});
