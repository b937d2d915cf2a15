// deploy/grafana/dashboards/slo-burn.json against a real Prometheus (Debian package): every query of the dashboard,
// with its variables set as Grafana sets them, must return data when Prometheus holds what a deployment holds — the
// rules generated for the demo SLOs, evaluated over their input series, and the sidecar's SLO metrics scraped from a
// running sidecar that computed them from the same Prometheus.
//
// Input: a week of request counters at one sample a minute, backfilled with promtool, ending a few seconds ago.
//   payments/api (payments-api-availability, 99.8%, budget 0.2%): 0.1% errors, 5% in the last hour
//     → 1h and 5m burn 25 > 14.4: the page alert fires.
//   shop/frontend (shop-frontend-latency, 99% under 0.5 s, budget 1%): 0.5% slow, 4% slow in the last 12 hours
//     → 6h burn 4 and 3d burn ≈ 1.1 > 1: the ticket alert fires, the page alert does not.
// Both budgets are still positive (≈ 0.35 and ≈ 0.25 of the 30 days' budget over the week of data).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startService, type RunningService } from '../../src/cli/serve-command.ts';
import { loadConfig } from '../../src/config/index.ts';
import { generateRules, sloId, sloService } from '../../src/slo/index.ts';
import { backfillOpenMetrics, freePort, startPrometheus, waitFor, type RunningPrometheus } from '../slo/helpers.ts';

const DASHBOARD = resolve(import.meta.dirname, '../../../deploy/grafana/dashboards/slo-burn.json');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DEMO_SLOS = ['payments-api-availability', 'shop-frontend-latency'];

interface Target {
  refId: string;
  expr: string;
  legendFormat?: string;
  instant?: boolean;
}
interface Panel {
  type: string;
  title: string;
  targets?: Target[];
  timeFrom?: string;
}
interface Dashboard {
  time: { from: string };
  templating: { list: Array<{ name: string; type: string; query: { query: string } }> };
  panels: Panel[];
}

const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as Dashboard;
const queries = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel, target })));

describe('slo-burn dashboard on a real Prometheus with the demo SLOs', { timeout: 300_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'prophet-slo-dashboard-'));
  let prometheus: RunningPrometheus | undefined;
  let service: RunningService | undefined;
  /** Variable values per case: each SLO alone (as in its repeated row), and All. */
  let cases: Array<{ name: string; vars: Record<string, string[]> }> = [];

  before(async () => {
    const sidecarPort = await freePort();
    const prometheusPort = await freePort();
    const config = loadConfig({
      env: {
        PROPHET_PORT: String(sidecarPort),
        PROPHET_HOST: '127.0.0.1',
        PROPHET_TOKEN: 'dashboard-test-token',
        PROPHET_PROMETHEUS_URL: `http://127.0.0.1:${prometheusPort}`,
        PROPHET_SQLITE_PATH: ':memory:',
        PROPHET_LOG_LEVEL: 'silent',
      },
    });
    // Only the SLO jobs: the config names no SLOs, so the demo SLOs run.
    config.forecasts.jobs = [];
    config.anomalies.jobs = [];
    config.outliers.jobs = [];
    const slos = config.slos.specs;
    assert.deepEqual(slos.map(sloId), DEMO_SLOS);
    cases = [
      ...slos.map((slo) => ({ name: sloId(slo), vars: { service: [sloService(slo)], slo: [sloId(slo)] } })),
      { name: 'All', vars: { service: slos.map(sloService), slo: slos.map(sloId) } },
    ];

    const data = join(dir, 'data');
    // The last sample a few seconds ago, so every window (5m included) ends in data.
    const endMs = Math.floor(Date.now() / MINUTE) * MINUTE + (Date.now() % MINUTE > 5_000 ? 0 : -MINUTE);
    backfillOpenMetrics(requestHistory(endMs - 7 * 24 * HOUR, endMs), dir, data);
    const rules = join(dir, 'slo-rules.yaml');
    writeFileSync(rules, generateRules(slos, { periodInterval: '2s' }).yaml);
    prometheus = await startPrometheus({
      dir,
      dataDir: data,
      port: prometheusPort,
      config: {
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        rule_files: [rules],
        scrape_configs: [{ job_name: 'prophet-aiops', static_configs: [{ targets: [`127.0.0.1:${sidecarPort}`] }] }],
      },
    });

    const sidecar = await startService(config, { mode: 'live', handleSignals: false, announce: false });
    service = sidecar;
    // The sidecar computes every SLO at start; runAll waits for that round (or runs one).
    await sidecar.slos.runAll();
    for (const id of DEMO_SLOS) {
      const detail = sidecar.slos.get(id);
      assert.equal(detail?.state, 'ok', `${id}: ${detail?.error}`);
    }
    const p = prometheus;
    await waitFor(
      async () =>
        (await p.instant('count(prophet_slo_exhaustion_timestamp_seconds_latest)'))[0]?.value[1] === '2' &&
        (await p.instant('count(ALERTS{alertstate="firing"})'))[0]?.value[1] === '2' &&
        (await p.instant('count(slo:period_error_budget_remaining:ratio)'))[0]?.value[1] === '2',
      60_000,
      () => `${p.log()}\nsidecar SLOs: ${JSON.stringify(sidecar.slos.list().slos)}`
    );
  });

  after(async () => {
    prometheus?.stop();
    await service?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A stat panel's instant queries for one case, in target order: each must give exactly one sample. */
  async function values(statPanel: Panel, vars: Record<string, string[]>, timeSeconds?: number): Promise<number[]> {
    const out: number[] = [];
    for (const target of statPanel.targets!) {
      const samples = await prometheus!.instant(interpolate(target.expr, vars), timeSeconds);
      assert.equal(samples.length, 1, `panel "${statPanel.title}" ${target.refId}: ${JSON.stringify(samples)}`);
      out.push(Number(samples[0].value[1]));
    }
    return out;
  }

  it('lists the demo services and SLOs in the service and slo variables', async () => {
    const variable = (name: string) => dashboard.templating.list.find((v) => v.name === name)!.query.query;
    const labelValues = (query: string, vars: Record<string, string[]>) => {
      const [, selector, label] = /^label_values\((.+),\s*(\w+)\)$/.exec(interpolate(query, vars))!;
      return prometheus!.labelValues(label, selector);
    };
    assert.deepEqual(await labelValues(variable('service'), {}), ['payments-api', 'shop-frontend']);
    for (const { name, vars } of cases) {
      assert.deepEqual(await labelValues(variable('slo'), { service: vars.service }), vars.slo, name);
    }
  });

  it('returns data for every panel query, for each SLO and for All', async () => {
    const nowSeconds = Date.now() / 1000;
    const empty: string[] = [];
    for (const { name, vars } of cases) {
      for (const { panel, target } of queries) {
        const expr = interpolate(target.expr, vars);
        const result = target.instant
          ? await prometheus!.instant(expr, nowSeconds)
          : await rangeAsGrafana(prometheus!, expr, panel.timeFrom ?? dashboard.time.from, nowSeconds);
        if (result.length === 0) {
          empty.push(`${name}: panel "${panel.title}" ${target.refId}: ${expr}`);
        }
      }
    }
    assert.deepEqual(empty, []);
  });

  it('gives the SLO table one row per SLO: every query labelled by sloth_id alone, so the merge joins them', async () => {
    const table = dashboard.panels.find((p) => p.type === 'table')!;
    const all = cases.find((c) => c.name === 'All')!.vars;
    for (const target of table.targets!) {
      const samples = await prometheus!.instant(interpolate(target.expr, all));
      assert.deepEqual(
        samples.map((s) => s.metric).sort((a, b) => a.sloth_id.localeCompare(b.sloth_id)),
        DEMO_SLOS.map((id) => ({ sloth_id: id })),
        `table query ${target.refId}`
      );
    }
  });

  it("shows the sidecar's and the rules' budget remaining side by side, agreeing on these rolling windows", async () => {
    const budget = panel('Error budget remaining');
    // 1 − (errors ÷ requests over the week) ÷ budget: payments (167 h × 0.1% + 1 h × 5%) ÷ 168 h ÷ 0.2%, frontend
    // (156 h × 0.5% + 12 h × 4%) ÷ 168 h ÷ 1%. The sidecar counts whole 5-minute steps, hence the tolerance.
    const expected: Record<string, number> = { 'payments-api-availability': 0.3542, 'shop-frontend-latency': 0.25 };
    for (const [slo, value] of Object.entries(expected)) {
      const [sidecar, rules] = await values(budget, { slo: [slo] });
      assert.equal(budget.targets!.map((t) => t.legendFormat).join(), 'sidecar,recording rules');
      assert.ok(Math.abs(rules - value) <= 0.005, `${slo}: rules budget ${rules}, expected ${value} ± 0.005`);
      assert.ok(Math.abs(sidecar - rules) <= 0.01, `${slo}: sidecar budget ${sidecar}, rules ${rules}`);
    }
  });

  it('shows the forecast exhaustion as a date and as time left that agree, inside its earliest-latest range', async () => {
    for (const slo of DEMO_SLOS) {
      const nowSeconds = Date.now() / 1000;
      const [date, earliestDate, latestDate] = await values(panel('Budget runs out'), { slo: [slo] }, nowSeconds);
      const [left, leftAtWorst, leftAtBest] = await values(panel('Time left'), { slo: [slo] }, nowSeconds);
      assert.ok(left > 0, `${slo}: the budget is not spent yet, time left ${left}`);
      assert.ok(Math.abs(date / 1000 - nowSeconds - left) < 1, `${slo}: date ${date} ms, time left ${left} s`);
      assert.ok(earliestDate <= date && date <= latestDate, `${slo}: ${earliestDate} ≤ ${date} ≤ ${latestDate}`);
      assert.ok(leftAtWorst <= left && left <= leftAtBest, `${slo}: ${leftAtWorst} ≤ ${left} ≤ ${leftAtBest}`);
    }
  });

  it('shows the page alert firing for payments and the ticket alert for the frontend', async () => {
    const alerts = dashboard.panels.find((p) => p.type === 'state-timeline')!;
    const state = async (slo: string) => {
      const out: Record<string, string> = {};
      for (const target of alerts.targets!) {
        const [sample] = await prometheus!.instant(interpolate(target.expr, { slo: [slo] }));
        out[target.refId] = sample.value[1];
      }
      return out;
    };
    assert.deepEqual(await state('payments-api-availability'), { A: '1', B: '0' });
    assert.deepEqual(await state('shop-frontend-latency'), { A: '0', B: '1' });
  });
});

function panel(title: string): Panel {
  const found = dashboard.panels.find((p) => p.title === title);
  assert.ok(found, `no panel "${title}"`);
  return found;
}

/**
 * Grafana's interpolation of the dashboard variables into PromQL: a multi-value variable becomes `(a|b)`, each value
 * regex-escaped inside the string literal (Grafana's prometheusSpecialRegexEscape). `$1` in label_replace is no
 * variable and stays.
 */
function interpolate(expr: string, vars: Record<string, string[]>): string {
  const escape = (value: string) => value.replace(/\\/g, '\\\\\\\\').replace(/[$^*{}[\]'+?.()|]/g, '\\\\$&');
  return expr.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced: string | undefined, bare: string | undefined) => {
    const values = vars[braced ?? bare ?? ''];
    if (!values) {
      return whole;
    }
    return values.length === 1 ? escape(values[0]) : `(${values.map(escape).join('|')})`;
  });
}

/**
 * A range query over a relative time range ("now-24h", "30d") with about 1000 points, the last one at now. (The
 * recorded and scraped series here are only minutes old; the question is whether the expression yields a series.)
 */
function rangeAsGrafana(prometheus: RunningPrometheus, expr: string, from: string, nowSeconds: number) {
  const match = /^(?:now-)?(\d+)([mhd])$/.exec(from);
  assert.ok(match, `unsupported time range ${from}`);
  const seconds = Number(match[1]) * { m: 60, h: 3600, d: 86_400 }[match[2] as 'm' | 'h' | 'd'];
  const step = Math.max(15, Math.ceil(seconds / 1000));
  return prometheus.range(expr, nowSeconds - Math.floor(seconds / step) * step, nowSeconds, step);
}

/** The demo SLOs' input series at one sample a minute from `startMs` to `endMs` (see the scenario at the top). */
function requestHistory(startMs: number, endMs: number): string {
  const series = {
    ok: 'http_requests_total{namespace="payments",service="api",code="200"}',
    failed: 'http_requests_total{namespace="payments",service="api",code="500"}',
    fast: 'http_request_duration_seconds_bucket{namespace="shop",service="frontend",le="0.5"}',
    all: 'http_request_duration_seconds_bucket{namespace="shop",service="frontend",le="+Inf"}',
    count: 'http_request_duration_seconds_count{namespace="shop",service="frontend"}',
  };
  const lines: Record<keyof typeof series, string[]> = { ok: [], failed: [], fast: [], all: [], count: [] };
  const payments = { perMinute: 2400, ok: 0, failed: 0 };
  const frontend = { perMinute: 7200, fast: 0, all: 0 };
  for (let t = startMs; t <= endMs; t += MINUTE) {
    const seconds = t / 1000;
    lines.ok.push(`${series.ok} ${payments.ok} ${seconds}`);
    lines.failed.push(`${series.failed} ${payments.failed} ${seconds}`);
    lines.fast.push(`${series.fast} ${frontend.fast} ${seconds}`);
    lines.all.push(`${series.all} ${frontend.all} ${seconds}`);
    lines.count.push(`${series.count} ${frontend.all} ${seconds}`);
    const errorShare = t >= endMs - HOUR ? 0.05 : 0.001;
    payments.failed += errorShare * payments.perMinute;
    payments.ok += (1 - errorShare) * payments.perMinute;
    const slowShare = t >= endMs - 12 * HOUR ? 0.04 : 0.005;
    frontend.fast += (1 - slowShare) * frontend.perMinute;
    frontend.all += frontend.perMinute;
  }
  return [
    '# TYPE http_requests counter',
    ...lines.ok,
    ...lines.failed,
    '# TYPE http_request_duration_seconds histogram',
    ...lines.fast,
    ...lines.all,
    ...lines.count,
    '# EOF',
    '',
  ].join('\n');
}
