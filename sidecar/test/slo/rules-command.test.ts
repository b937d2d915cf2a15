// `prophet-aiops slo rules` as a function: inputs, config `slos:` + `sloFiles:`, warnings and errors on stderr.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import YAML from 'yaml';
import { runSloRulesCommand, type SloRulesCommandOptions } from '../../src/slo/index.ts';
import { FIXTURES, fixture, promtool } from './helpers.ts';

const EXAMPLES = resolve(import.meta.dirname, '../../../deploy/prometheus/examples');
const dir = mkdtempSync(join(tmpdir(), 'prophet-slo-cmd-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function run(options: SloRulesCommandOptions): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runSloRulesCommand(
    options,
    (t) => (out += t),
    (t) => (err += t)
  );
  return { code, out, err };
}

function recordedSlos(yaml: string): string[] {
  const file = YAML.parse(yaml) as {
    groups: Array<{ rules: Array<{ record?: string; labels?: Record<string, string> }> }>;
  };
  return file.groups
    .flatMap((g) => g.rules)
    .filter((r) => r.record === 'sloth_slo_info')
    .map((r) => r.labels!.sloth_id);
}

describe('slo rules command', () => {
  it('generates rules for SLO files of every format, with the calendar warning on stderr', async () => {
    const { code, out, err } = await run({
      inputs: [
        join(FIXTURES, 'prophet-slos.yaml'),
        join(FIXTURES, 'sloth-myservice.yaml'),
        join(FIXTURES, 'pyrra-slos.yaml'),
      ],
    });
    assert.equal(code, 0, err);
    assert.deepEqual(recordedSlos(out), [
      'checkout-checkout-availability',
      'checkout-checkout-latency',
      'search-search-availability',
      'myservice-requests-availability',
      'myservice-requests-latency',
      'monitoring-coredns-response-errors',
      'monitoring-apiserver-read-resource-latency',
      'monitoring-prometheus-probe-success',
    ]);
    assert.match(err, /^slo warning in .*prophet-slos\.yaml: SLO "search-availability": window: calendar month/m);
    assert.match(
      err,
      /slo warning in .*pyrra-slos\.yaml: SLO "apiserver-read-resource-latency": document 2: spec\.alerting\.absent/
    );
  });

  it("reads the config file's slos: and sloFiles: (relative to the config file) and writes --out", async () => {
    const config = join(dir, 'config.yaml');
    writeFileSync(
      config,
      YAML.stringify({
        server: { port: 8787 },
        slos: YAML.parse(fixture('prophet-slos.yaml').text).slos.slice(0, 1),
        sloFiles: [join(FIXTURES, 'sloth-kubernetes.yaml')],
      })
    );
    const out = join(dir, 'rules.yaml');
    const result = await run({ config, out });
    assert.equal(result.code, 0, result.err);
    assert.equal(result.out, '');
    assert.deepEqual(recordedSlos(readFileSync(out, 'utf8')), [
      'checkout-checkout-availability',
      'home-wifi-good-wifi-client-satisfaction',
    ]);
    assert.equal(promtool(['check', 'rules', out]).status, 0);
  });

  it('reports every problem with its file and exits 1, writing nothing', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      'slos:\n  - name: x\n    objective: 1.5\n    window: 30d\n    indicator: { kind: raw, errorRatioQuery: "err[{{.window}}]" }\n'
    );
    const result = await run({ inputs: [bad, join(FIXTURES, 'sloth-plugin.yaml'), join(dir, 'missing.yaml')] });
    assert.equal(result.code, 1);
    assert.equal(result.out, '');
    const errors = result.err.split('\n').filter((l) => l.startsWith('slo error'));
    assert.equal(errors.length, 3, result.err);
    for (const expected of [
      /bad\.yaml: SLO "x": slos\[0\]\.objective: expected a ratio between 0 and 1/,
      /sloth-plugin\.yaml: SLO "http-availability": slos\[0\]\.sli\.plugin/,
      /missing\.yaml: cannot read/,
    ]) {
      assert.ok(
        errors.some((e) => expected.test(e)),
        `${expected} not in:\n${result.err}`
      );
    }
  });

  it('--defaults: the demo SLOs, and deploy/prometheus/prophet-slo-rules.yaml (docker compose) is their rules', async () => {
    const { code, out, err } = await run({ defaults: true });
    assert.equal(code, 0, err);
    assert.deepEqual(recordedSlos(out), ['payments-api-availability', 'shop-frontend-latency']);
    const shippedFile = resolve(EXAMPLES, '../prophet-slo-rules.yaml');
    assert.equal(
      readFileSync(shippedFile, 'utf8'),
      out,
      'deploy/prometheus/prophet-slo-rules.yaml is stale: regenerate it with `node sidecar/src/cli/main.ts slo rules --defaults --out deploy/prometheus/prophet-slo-rules.yaml`'
    );
    assert.equal(promtool(['check', 'rules', shippedFile]).status, 0);
  });

  it('keeps the shipped example rules in step with the example SLOs', async () => {
    const { code, out, err } = await run({ inputs: [join(EXAMPLES, 'slos.yaml')] });
    assert.equal(code, 0, err);
    const shipped = readFileSync(join(EXAMPLES, 'slo-rules.yaml'), 'utf8');
    // The header names the input as given; compare the rules.
    const body = (text: string) => text.slice(text.indexOf('groups:'));
    assert.equal(
      body(shipped),
      body(out),
      'deploy/prometheus/examples/slo-rules.yaml is stale: regenerate it (see its header)'
    );
    assert.equal(promtool(['check', 'rules', join(EXAMPLES, 'slo-rules.yaml')]).status, 0);
    for (const example of ['sloth-myservice.yaml', 'pyrra-slos.yaml']) {
      const result = await run({ inputs: [join(EXAMPLES, example)] });
      assert.equal(result.code, 0, `${example}: ${result.err}`);
    }
  });
});
