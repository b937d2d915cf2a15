// alertmanager.webhookToken / webhookTokenFile and their environment variables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/index.ts';

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'prophet-am-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function issuesOf(load: () => unknown): ConfigError['issues'] {
  try {
    load();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${error}`);
    return error.issues;
  }
  assert.fail('expected loadConfig to throw');
}

const env = { PROPHET_TOKEN: 'api-token' };

test('without a webhook token the webhook is disabled, and that is not a config error', () => {
  const config = loadConfig({ env });
  assert.deepEqual(config.alertmanager, { webhookToken: '', webhookTokenFile: '', url: '' });
});

test('the webhook token comes from the file, a token file, or the environment (which wins)', (t) => {
  const dir = tempDir(t);
  const tokenFile = join(dir, 'am-token');
  writeFileSync(tokenFile, '  from-file-token\n');
  const inline = join(dir, 'inline.yaml');
  writeFileSync(inline, 'alertmanager:\n  webhookToken: inline-token\n');
  const fromFile = join(dir, 'file.yaml');
  writeFileSync(fromFile, `alertmanager:\n  webhookTokenFile: ${tokenFile}\n`);

  assert.equal(loadConfig({ file: inline, env }).alertmanager.webhookToken, 'inline-token');
  assert.deepEqual(loadConfig({ file: fromFile, env }).alertmanager, {
    webhookToken: 'from-file-token',
    webhookTokenFile: tokenFile,
    url: '',
  });
  // An environment credential replaces the file's, whichever form each takes.
  assert.equal(
    loadConfig({ file: fromFile, env: { ...env, PROPHET_ALERTMANAGER_TOKEN: 'env-token' } }).alertmanager.webhookToken,
    'env-token'
  );
  assert.equal(
    loadConfig({ file: inline, env: { ...env, PROPHET_ALERTMANAGER_TOKEN_FILE: tokenFile } }).alertmanager.webhookToken,
    'from-file-token'
  );
});

test('setting both the token and the token file is an error naming the field', (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'both.yaml');
  writeFileSync(file, 'alertmanager:\n  webhookToken: a\n  webhookTokenFile: /nowhere\n');
  assert.deepEqual(
    issuesOf(() => loadConfig({ file, env })),
    [
      {
        source: file,
        field: 'alertmanager.webhookToken',
        message: 'set either alertmanager.webhookToken or alertmanager.webhookTokenFile, not both',
      },
    ]
  );
});

test('an unreadable or empty token file is an error naming the variable it came from', (t) => {
  const dir = tempDir(t);
  const empty = join(dir, 'empty');
  writeFileSync(empty, '\n');
  const [missing] = issuesOf(() =>
    loadConfig({ env: { ...env, PROPHET_ALERTMANAGER_TOKEN_FILE: join(dir, 'absent') } })
  );
  assert.equal(missing.source, 'environment');
  assert.equal(missing.field, 'PROPHET_ALERTMANAGER_TOKEN_FILE (alertmanager.webhookTokenFile)');
  assert.match(missing.message, /^cannot read token file: ENOENT/);
  const [blank] = issuesOf(() => loadConfig({ env: { ...env, PROPHET_ALERTMANAGER_TOKEN_FILE: empty } }));
  assert.equal(blank.message, `token file ${empty} is empty`);
});

test('the webhook token must differ from the API token', () => {
  const issues = issuesOf(() => loadConfig({ env: { ...env, PROPHET_ALERTMANAGER_TOKEN: 'api-token' } }));
  assert.deepEqual(issues, [
    {
      source: 'environment',
      field: 'PROPHET_ALERTMANAGER_TOKEN (alertmanager.webhookToken)',
      message: "must differ from server.token: Alertmanager's webhook token must not also open the rest of the API",
    },
  ]);
});

test('unknown fields under alertmanager are errors (typos)', (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'typo.yaml');
  writeFileSync(file, 'alertmanager:\n  webhookTokn: a\n');
  assert.deepEqual(
    issuesOf(() => loadConfig({ file, env })),
    [{ source: file, field: 'alertmanager.webhookTokn', message: 'unknown field' }]
  );
});

test('the API token variables still replace each other (shared replacement table)', (t) => {
  const dir = tempDir(t);
  const tokenFile = join(dir, 'api-token');
  writeFileSync(tokenFile, 'api-from-file\n');
  const file = join(dir, 'c.yaml');
  writeFileSync(file, 'server:\n  token: inline\n');
  assert.equal(loadConfig({ file, env: { PROPHET_TOKEN_FILE: tokenFile } }).server.token, 'api-from-file');
});

test('alertmanager.url (for silences) comes from the file or PROPHET_ALERTMANAGER_URL, and must be an http(s) URL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prophet-am-url-'));
  const file = join(dir, 'config.yaml');
  writeFileSync(file, 'alertmanager:\n  url: http://alertmanager:9093\n');
  assert.equal(loadConfig({ file, env }).alertmanager.url, 'http://alertmanager:9093');
  assert.equal(
    loadConfig({ file, env: { ...env, PROPHET_ALERTMANAGER_URL: 'http://am.example:9093' } }).alertmanager.url,
    'http://am.example:9093'
  );
  writeFileSync(file, 'alertmanager:\n  url: alertmanager:9093\n');
  assert.throws(() => loadConfig({ file, env }), /alertmanager\.url.*http\(s\) URL/);
});
