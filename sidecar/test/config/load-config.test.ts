import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, DEFAULT_JOBS, loadConfig } from '../../src/config/index.ts';

const EXAMPLE = fileURLToPath(new URL('../../config.example.yaml', import.meta.url));

function withFile(t: { after: (fn: () => void) => void }, name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'prophet-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function configError(load: () => unknown): ConfigError {
  try {
    load();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${error}`);
    return error;
  }
  assert.fail('expected loadConfig to throw');
}

test('with no file the shipped defaults apply, including the default jobs', () => {
  const config = loadConfig({ env: { PROPHET_TOKEN: 'secret' } });
  assert.equal(config.file, null);
  assert.deepEqual(config.server, { host: '127.0.0.1', port: 8787, token: 'secret', tokenFile: '', logLevel: 'info' });
  assert.deepEqual(config.prometheus, { url: '', timeoutMs: 10_000, retries: 2, headers: {} });
  assert.equal(config.simulator.seed, 42);
  assert.equal(config.store.sqlitePath, 'data/prophet.db');
  assert.deepEqual(config.forecasts.defaults, {
    stepMs: 300_000,
    trainingWindowMs: 7 * 86_400_000,
    horizonMs: 6 * 3_600_000,
    level: 0.95,
    refreshIntervalMs: 300_000,
  });
  assert.deepEqual(
    config.forecasts.jobs.map((j) => j.name),
    ['node-cpu', 'container-memory', 'container-cpu', 'pending-pods', 'nodepool-cpu', 'http-5xx-ratio', 'node-disk']
  );
  for (const job of config.forecasts.jobs) {
    assert.ok(job.title && job.unit !== 'short', `${job.name} has a title and unit`);
  }
  const pending = config.forecasts.jobs.find((j) => j.name === 'pending-pods');
  assert.deepEqual([pending?.stepMs, pending?.trainingWindowMs, pending?.horizonMs], [60_000, 86_400_000, 3_600_000]);
  assert.deepEqual(pending?.threshold, { source: 'static', value: 1, direction: 'above' });
  assert.equal(config.forecasts.jobs.find((j) => j.name === 'node-disk')?.horizonMs, 24 * 3_600_000);
  assert.deepEqual(config.forecasts.jobs.find((j) => j.name === 'container-memory')?.threshold, {
    source: 'query',
    query: 'sum by (namespace, pod, container) (kube_pod_container_resource_limits{resource="memory"})',
    direction: 'above',
  });
  assert.deepEqual(config.capacity, {
    nodepool: 'default',
    pendingPodsQuery: 'sum(kube_pod_status_phase{phase="Pending"})',
    nodesQuery: 'sum(karpenter_cluster_state_node_count)',
    podsPerNode: 20,
    stepMs: 60_000,
    trainingWindowMs: 86_400_000,
    refreshIntervalMs: 60_000,
  });
});

test('a token is required in live mode but may be empty in demo mode', () => {
  const error = configError(() => loadConfig({ env: {} }));
  assert.match(error.message, /config error in defaults: server\.token: a bearer token is required outside demo mode/);
  assert.equal(loadConfig({ env: {}, mode: 'demo' }).server.token, '');
});

test('the token can come from a file, and not from both a file and the config', (t) => {
  const tokenFile = withFile(t, 'token', 'from-file\n');
  assert.equal(loadConfig({ env: { PROPHET_TOKEN_FILE: tokenFile } }).server.token, 'from-file');
  const file = withFile(t, 'c.yaml', `server: { token: inline, tokenFile: ${JSON.stringify(tokenFile)} }\n`);
  assert.match(
    configError(() => loadConfig({ file, env: {} })).message,
    /server\.token: set either server\.token or server\.tokenFile/
  );
  // An environment token replaces the file's credential instead of conflicting with it.
  assert.equal(loadConfig({ file, env: { PROPHET_TOKEN: 'env' } }).server.token, 'env');
  const missing = configError(() => loadConfig({ env: { PROPHET_TOKEN_FILE: '/nonexistent/token' } }));
  assert.match(
    missing.message,
    /config error in environment: PROPHET_TOKEN_FILE \(server\.tokenFile\): cannot read token file/
  );
});

test('environment overrides the file, which overrides the defaults', (t) => {
  const file = withFile(
    t,
    'config.yaml',
    [
      'server: { host: 0.0.0.0, port: 9000, token: file-token, logLevel: debug }',
      'prometheus: { url: "http://prometheus:9090", timeout: 30s, headers: { X-Scope-OrgID: team-a } }',
      'store: { sqlitePath: /var/lib/prophet/p.db }',
      'simulator: { seed: 7 }',
      'forecasts:',
      '  defaults: { step: 1m, horizon: 2h }',
      '  jobs:',
      '    - { name: api-latency, query: "histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m])))", horizon: 1h30m, seasonality: [1d, 1w] }',
    ].join('\n')
  );
  const fromFile = loadConfig({ file, env: {} });
  assert.deepEqual(fromFile.server, {
    host: '0.0.0.0',
    port: 9000,
    token: 'file-token',
    tokenFile: '',
    logLevel: 'debug',
  });
  assert.deepEqual(fromFile.prometheus, {
    url: 'http://prometheus:9090',
    timeoutMs: 30_000,
    retries: 2,
    headers: { 'X-Scope-OrgID': 'team-a' },
  });
  assert.equal(fromFile.file, file);
  assert.deepEqual(fromFile.forecasts.jobs, [
    {
      name: 'api-latency',
      title: 'api-latency',
      query: 'histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m])))',
      unit: 'short',
      stepMs: 60_000,
      trainingWindowMs: 7 * 86_400_000,
      horizonMs: 90 * 60_000,
      level: 0.95,
      refreshIntervalMs: 300_000,
      seasonalityMs: [86_400_000, 7 * 86_400_000],
      threshold: null,
    },
  ]);

  const env = {
    PROPHET_CONFIG: '/ignored/because/file/is/given.yaml',
    PROPHET_HOST: '127.0.0.2',
    PROPHET_PORT: '9100',
    PROPHET_TOKEN: 'env-token',
    PROPHET_LOG_LEVEL: 'warn',
    PROPHET_PROMETHEUS_URL: 'https://thanos:10902',
    PROPHET_SQLITE_PATH: ':memory:',
    PROPHET_SIM_SEED: '99',
  };
  const overridden = loadConfig({ file, env });
  assert.deepEqual(overridden.server, {
    host: '127.0.0.2',
    port: 9100,
    token: 'env-token',
    tokenFile: '',
    logLevel: 'warn',
  });
  assert.equal(overridden.prometheus.url, 'https://thanos:10902');
  assert.equal(overridden.prometheus.timeoutMs, 30_000, 'fields without an override keep the file value');
  assert.equal(overridden.store.sqlitePath, ':memory:');
  assert.equal(overridden.simulator.seed, 99);
});

test('PROPHET_CONFIG names the file when none is passed; empty variables count as unset', (t) => {
  const file = withFile(t, 'c.yaml', 'server: { port: 9001, token: t }\n');
  assert.equal(loadConfig({ env: { PROPHET_CONFIG: file, PROPHET_PORT: '' } }).server.port, 9001);
});

test('a value of the wrong type names the field and the file', (t) => {
  const file = withFile(t, 'c.yaml', 'server:\n  token: t\n  port: "eighty"\nprometheus:\n  retries: 1.5\n');
  const error = configError(() => loadConfig({ file, env: {} }));
  assert.match(
    error.message,
    new RegExp(`config error in ${file}: server\\.port: expected a port number 0-65535, got "eighty"`)
  );
  assert.match(error.message, /prometheus\.retries: expected an integer between 0 and 10, got 1\.5/);
  assert.deepEqual(
    error.issues.map((i) => i.field),
    ['server.port', 'prometheus.retries']
  );
});

test('a bad environment value names the variable', () => {
  const port = configError(() => loadConfig({ env: { PROPHET_TOKEN: 't', PROPHET_PORT: 'abc' } }));
  assert.equal(
    port.message,
    'config error in environment: PROPHET_PORT (server.port): expected a port number 0-65535, got "abc"'
  );
  const level = configError(() => loadConfig({ env: { PROPHET_TOKEN: 't', PROPHET_LOG_LEVEL: 'loud' } }));
  assert.match(
    level.message,
    /PROPHET_LOG_LEVEL \(server\.logLevel\): expected one of "fatal", "error", "warn", "info", "debug", "trace", "silent", got "loud"/
  );
  const url = configError(() => loadConfig({ env: { PROPHET_TOKEN: 't', PROPHET_PROMETHEUS_URL: 'prometheus:9090' } }));
  assert.match(url.message, /PROPHET_PROMETHEUS_URL \(prometheus\.url\): expected an http\(s\) URL/);
});

test('an unknown duration names the job field', (t) => {
  const jobs = ['a', 'b', 'c'].map(
    (name) => `    - { name: ${name}, query: up${name === 'c' ? ', step: 5 minutes' : ''} }`
  );
  const file = withFile(t, 'c.yaml', ['server: { token: t }', 'forecasts:', '  jobs:', ...jobs].join('\n'));
  const error = configError(() => loadConfig({ file, env: {} }));
  assert.equal(
    error.message,
    `config error in ${file}: forecasts.jobs[2].step: expected a duration like "5m", got "5 minutes"`
  );
});

test('unknown fields are rejected, since they are usually typos', (t) => {
  const file = withFile(t, 'c.yaml', 'server: { token: t }\nforecasts:\n  defaults: { horizion: 1h }\n');
  assert.match(
    configError(() => loadConfig({ file, env: {} })).message,
    /forecasts\.defaults\.horizion: unknown field/
  );
});

test('job names must be unique and DNS-label-like', (t) => {
  const file = withFile(
    t,
    'c.yaml',
    'server: { token: t }\nforecasts:\n  jobs:\n    - { name: cpu, query: up }\n    - { name: mem, query: up }\n    - { name: cpu, query: up }\n'
  );
  assert.match(
    configError(() => loadConfig({ file, env: {} })).message,
    /forecasts\.jobs\[2\]\.name: duplicate job name "cpu" \(also forecasts\.jobs\[0\]\)/
  );
  const badName = withFile(
    t,
    'd.yaml',
    'server: { token: t }\nforecasts:\n  jobs:\n    - { name: Node_CPU, query: up }\n'
  );
  assert.match(
    configError(() => loadConfig({ file: badName, env: {} })).message,
    /forecasts\.jobs\[0\]\.name: expected a DNS-label-like name/
  );
});

test('a threshold needs exactly one of value and query', (t) => {
  const both = withFile(
    t,
    'c.yaml',
    'server: { token: t }\nforecasts:\n  jobs:\n    - { name: cpu, query: up, threshold: { value: 1, query: up, direction: above } }\n'
  );
  assert.match(
    configError(() => loadConfig({ file: both, env: {} })).message,
    /forecasts\.jobs\[0\]\.threshold: set exactly one of value or query/
  );
  const neither = withFile(
    t,
    'd.yaml',
    'server: { token: t }\nforecasts:\n  jobs:\n    - { name: cpu, query: up, threshold: { direction: below } }\n'
  );
  assert.match(
    configError(() => loadConfig({ file: neither, env: {} })).message,
    /forecasts\.jobs\[0\]\.threshold: set exactly one of value or query/
  );
  const direction = withFile(
    t,
    'e.yaml',
    'server: { token: t }\nforecasts:\n  jobs:\n    - { name: cpu, query: up, threshold: { value: 1 } }\n'
  );
  assert.match(
    configError(() => loadConfig({ file: direction, env: {} })).message,
    /forecasts\.jobs\[0\]\.threshold\.direction: is required/
  );
});

test('a horizon shorter than the step is rejected', (t) => {
  const file = withFile(
    t,
    'c.yaml',
    'server: { token: t }\nforecasts:\n  jobs:\n    - { name: cpu, query: up, step: 10m, horizon: 5m }\n'
  );
  assert.match(
    configError(() => loadConfig({ file, env: {} })).message,
    /forecasts\.jobs\[0\]\.horizon: must be at least one step long/
  );
});

test('YAML syntax errors give the file, line and column', (t) => {
  const file = withFile(t, 'c.yaml', 'server:\n  token: t\n  port: 1\n    host: x\n');
  const error = configError(() => loadConfig({ file, env: {} }));
  assert.match(error.message, new RegExp(`^config error in ${file}: YAML syntax error at line 3, column \\d+: `));
  const duplicateKey = withFile(t, 'd.yaml', 'server: { token: t }\nserver: { port: 1 }\n');
  assert.match(
    configError(() => loadConfig({ file: duplicateKey, env: {} })).message,
    /YAML syntax error at line 2, column 1: Map keys must be unique/
  );
});

test('a missing file or a non-mapping document is reported', (t) => {
  assert.match(
    configError(() => loadConfig({ file: '/nonexistent/prophet.yaml', env: {} })).message,
    /config error in \/nonexistent\/prophet\.yaml: cannot read file/
  );
  const list = withFile(t, 'c.yaml', '- a\n- b\n');
  assert.match(configError(() => loadConfig({ file: list, env: {} })).message, /expected a mapping at the top level/);
  const empty = withFile(t, 'e.yaml', '# nothing but a comment\n');
  assert.equal(loadConfig({ file: empty, env: { PROPHET_TOKEN: 't' } }).forecasts.jobs.length, DEFAULT_JOBS.length);
});

test('the shipped example config loads and documents every field', () => {
  const config = loadConfig({ file: EXAMPLE, env: {} });
  assert.deepEqual(
    config.forecasts.jobs.map((j) => j.name),
    ['node-cpu', 'container-memory', 'pending-pods']
  );
  assert.equal(config.forecasts.jobs[2].level, 0.9);
  const defaults = loadConfig({ env: { PROPHET_TOKEN: 't' } });
  // Apart from token and jobs, the example spells out exactly the defaults.
  assert.deepEqual(
    {
      ...config,
      server: { ...config.server, token: '' },
      forecasts: config.forecasts.defaults,
      anomalies: config.anomalies.defaults,
      outliers: config.outliers.defaults,
      // The example lists the demo SLOs (so they are not "defaults" there) and the sloRules defaults.
      slos: { specs: config.slos.specs, rules: config.slos.rules, warnings: config.slos.warnings },
      file: null,
    },
    {
      ...defaults,
      server: { ...defaults.server, token: '' },
      forecasts: defaults.forecasts.defaults,
      anomalies: defaults.anomalies.defaults,
      outliers: defaults.outliers.defaults,
      slos: { specs: defaults.slos.specs, rules: defaults.slos.rules, warnings: defaults.slos.warnings },
    }
  );
});

test('grafana: defaults leave identity unverified; a url derives the key set URL; PROPHET_GRAFANA_URL overrides', (t) => {
  assert.deepEqual(loadConfig({ env: { PROPHET_TOKEN: 't' } }).grafana, {
    url: '',
    orgId: 1,
    jwksUrl: '',
    requireIdentity: true,
  });
  const fromEnv = loadConfig({ env: { PROPHET_TOKEN: 't', PROPHET_GRAFANA_URL: 'http://grafana:3000/' } }).grafana;
  assert.equal(fromEnv.url, 'http://grafana:3000/');
  assert.equal(fromEnv.jwksUrl, 'http://grafana:3000/api/signing-keys/keys');
  const split = loadConfig({
    env: {
      PROPHET_TOKEN: 't',
      PROPHET_GRAFANA_URL: 'http://localhost:3000/',
      PROPHET_GRAFANA_JWKS_URL: 'http://grafana:3000/api/signing-keys/keys',
    },
  }).grafana;
  assert.deepEqual([split.url, split.jwksUrl], ['http://localhost:3000/', 'http://grafana:3000/api/signing-keys/keys']);
  const file = withFile(
    t,
    'c.yaml',
    'grafana: { url: "https://g.example/grafana", orgId: 3, jwksUrl: "http://keys.local/jwks", requireIdentity: false }\n'
  );
  assert.deepEqual(loadConfig({ file, env: { PROPHET_TOKEN: 't' } }).grafana, {
    url: 'https://g.example/grafana',
    orgId: 3,
    jwksUrl: 'http://keys.local/jwks',
    requireIdentity: false,
  });
});

test('grafana: bad values name the field (or the variable)', (t) => {
  const file = withFile(t, 'c.yaml', 'grafana: { url: "grafana:3000", orgId: 0, requireIdentity: "yes" }\n');
  const message = configError(() => loadConfig({ file, env: { PROPHET_TOKEN: 't' } })).message;
  assert.match(message, /grafana\.url: expected Grafana's root URL/);
  assert.match(message, /grafana\.orgId: expected an organisation id/);
  assert.match(message, /grafana\.requireIdentity: expected true or false, got "yes"/);
  assert.match(
    configError(() => loadConfig({ env: { PROPHET_TOKEN: 't', PROPHET_GRAFANA_URL: 'ftp://x' } })).message,
    /PROPHET_GRAFANA_URL \(grafana\.url\): expected Grafana's root URL/
  );
  const jwksOnly = withFile(t, 'j.yaml', 'grafana: { jwksUrl: "http://keys.local/jwks" }\n');
  assert.match(
    configError(() => loadConfig({ file: jwksOnly, env: { PROPHET_TOKEN: 't' } })).message,
    /grafana\.jwksUrl: set grafana\.url too/
  );
  const unparsable = withFile(t, 'u.yaml', 'grafana: { url: "http://[::1" }\n');
  assert.match(
    configError(() => loadConfig({ file: unparsable, env: { PROPHET_TOKEN: 't' } })).message,
    /grafana\.url: not a valid URL/
  );
});
