// The generated rules in a real Prometheus (Debian package, started here on a free loopback port with a temp dir):
// a week of request counters with known error ratios is backfilled with promtool, and the recorded SLO series must
// come out at the values those ratios imply.
//
// Traffic: 600 requests a minute for 7 days and 1 hour. Errors: 0.5% of them, except 4% in the last 3 hours.
// SLO: 99% over a rolling 7d (budget 1%). Expected, at evaluation time:
//   slo:sli_error:ratio_rate1h                = 0.04
//   slo:period_error_budget_remaining:ratio   = 1 − (0.005 + 3h/168h × 0.035) / 0.01 = 0.4375
//   ticket alert (1h24m and 16h48m windows above 1× budget: 4 and 1.125) firing; page alert not.
// Tolerance: ±2% of the value for the 1h ratio, ±0.005 (half a percent of the budget) for the budget remaining —
// the windows end a few seconds after the last backfilled sample.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import YAML from 'yaml';
import { generateRules, validateSlos } from '../../src/slo/index.ts';
import { freePort, PROMETHEUS, PROMTOOL, waitFor } from './helpers.ts';

const MINUTE = 60_000;
const PER_MINUTE = 600;

describe('SLO rules in a real Prometheus', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'prophet-slo-prom-'));
  let prometheus: ChildProcess | undefined;
  let url = '';
  let log = '';

  before(async () => {
    for (const bin of [PROMETHEUS, PROMTOOL]) {
      const check = spawnSync(bin, ['--version']);
      assert.equal(
        check.status,
        0,
        `${bin} is missing: install the Debian package "prometheus" (apt-get install prometheus)`
      );
    }
    const { slos } = validateSlos(
      [
        {
          name: 'shop-availability',
          service: 'shop',
          objective: 0.99,
          window: '7d',
          indicator: {
            kind: 'ratio',
            errorQuery: 'sum(rate(http_requests_total{service="shop",code=~"5.."}[{{.window}}]))',
            totalQuery: 'sum(rate(http_requests_total{service="shop"}[{{.window}}]))',
          },
        },
      ],
      { source: 'test' }
    );
    writeFileSync(join(dir, 'slo-rules.yaml'), generateRules(slos, { periodInterval: '2s' }).yaml);

    // The last sample a few seconds ago, so every window (5m included) ends in data.
    const endMs = Math.floor(Date.now() / MINUTE) * MINUTE + (Date.now() % MINUTE > 5_000 ? 0 : -MINUTE);
    const minutes = 7 * 24 * 60 + 60;
    writeFileSync(join(dir, 'history.om'), openMetrics(endMs - minutes * MINUTE, minutes, endMs - 3 * 60 * MINUTE));
    const data = join(dir, 'data');
    const backfill = spawnSync(PROMTOOL, ['tsdb', 'create-blocks-from', 'openmetrics', join(dir, 'history.om'), data], {
      encoding: 'utf8',
    });
    assert.equal(backfill.status, 0, backfill.stdout + backfill.stderr);

    const config = { global: { evaluation_interval: '1s' }, rule_files: [join(dir, 'slo-rules.yaml')] };
    writeFileSync(join(dir, 'prometheus.yml'), YAML.stringify(config));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    prometheus = spawn(
      PROMETHEUS,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${data}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] }
    );
    prometheus.stderr!.on('data', (chunk) => (log += chunk));
    await waitFor(
      async () => (await fetch(`${url}/-/ready`).catch(() => null))?.ok === true,
      60_000,
      () => log
    );
    await waitFor(
      async () =>
        (await instant('slo:period_error_budget_remaining:ratio')).length === 1 && (await instant('ALERTS')).length > 0,
      60_000,
      () => log
    );
  });

  after(() => {
    prometheus?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('records the 1h error ratio (0.04 ± 2%)', async (t) => {
    const [sample] = await instant('slo:sli_error:ratio_rate1h');
    assert.deepEqual(sample.metric, {
      __name__: 'slo:sli_error:ratio_rate1h',
      sloth_id: 'shop-shop-availability',
      sloth_service: 'shop',
      sloth_slo: 'shop-availability',
      sloth_window: '1h',
    });
    const value = Number(sample.value[1]);
    t.diagnostic(`slo:sli_error:ratio_rate1h = ${value}`);
    assert.ok(Math.abs(value - 0.04) <= 0.04 * 0.02, `slo:sli_error:ratio_rate1h = ${value}, expected 0.04 ± 2%`);
  });

  it('records the budget remaining over the 7-day period (0.4375 ± 0.005)', async (t) => {
    const [sample] = await instant('slo:period_error_budget_remaining:ratio');
    const value = Number(sample.value[1]);
    t.diagnostic(`slo:period_error_budget_remaining:ratio = ${value}`);
    assert.ok(
      Math.abs(value - 0.4375) <= 0.005,
      `slo:period_error_budget_remaining:ratio = ${value}, expected 0.4375 ± 0.005`
    );
    const [days] = await instant('slo:time_period:days');
    assert.equal(Number(days.value[1]), 7);
  });

  it('fires the ticket alert and not the page alert', async () => {
    const alerts = await instant('ALERTS{alertname="SLOErrorBudgetBurn"}');
    assert.deepEqual(
      alerts.map((a) => `${a.metric.sloth_severity}:${a.metric.alertstate}`),
      ['ticket:firing'],
      JSON.stringify(alerts)
    );
  });

  async function instant(query: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
    const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`);
    const body = (await response.json()) as {
      data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
    };
    return body.data.result;
  }
});

/** Two request counters per minute from `startMs`: 0.5% errors, 4% from `burnFromMs` on. */
function openMetrics(startMs: number, minutes: number, burnFromMs: number): string {
  const ok: string[] = [];
  const failed: string[] = [];
  let good = 0;
  let bad = 0;
  for (let i = 0; i <= minutes; i++) {
    const t = startMs + i * MINUTE;
    const seconds = t / 1000;
    ok.push(`http_requests_total{service="shop",code="200"} ${good} ${seconds}`);
    failed.push(`http_requests_total{service="shop",code="500"} ${bad} ${seconds}`);
    const errors = t >= burnFromMs ? 0.04 * PER_MINUTE : 0.005 * PER_MINUTE;
    good += PER_MINUTE - errors;
    bad += errors;
  }
  return ['# TYPE http_requests counter', ...ok, ...failed, '# EOF', ''].join('\n');
}
