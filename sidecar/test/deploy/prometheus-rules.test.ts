// The shipped alert rules are valid for Prometheus and fire as their unit tests say (promtool, Debian "prometheus").
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';

const RULES = resolve(import.meta.dirname, '../../../deploy/prometheus');
const PROMTOOL = process.env.PROMTOOL_BIN ?? 'promtool';

function promtool(...args: string[]) {
  const result = spawnSync(PROMTOOL, args, { cwd: RULES, encoding: 'utf8' });
  assert.ok(!result.error, `${PROMTOOL} could not run (${result.error?.message}): install the Debian package "prometheus"`);
  return result;
}

describe('deploy/prometheus', () => {
  it('forecast alert rules pass promtool check rules', () => {
    const result = promtool('check', 'rules', 'prophet-forecast-rules.yaml');
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });

  it('forecast alert rules pass their promtool unit tests', () => {
    const result = promtool('test', 'rules', 'prophet-forecast-rules.test.yaml');
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });

  it('anomaly and outlier alert rules pass promtool check rules', () => {
    const result = promtool('check', 'rules', 'prophet-anomaly-rules.yaml');
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });

  it('anomaly and outlier alert rules pass their promtool unit tests', () => {
    const result = promtool('test', 'rules', 'prophet-anomaly-rules.test.yaml');
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });

  it('the compose Prometheus config is valid', () => {
    // check config also resolves rule_files; the compose path (/etc/prometheus/rules) does not exist here, so
    // only the syntax is checked.
    const result = promtool('check', 'config', '--syntax-only', 'prometheus.yml');
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });
});
