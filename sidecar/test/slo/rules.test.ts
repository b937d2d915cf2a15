// Generated rules: Sloth's names and labels, burn-rate windows and factors, valid for promtool, and the page alert
// fires (and stays quiet) on synthetic series in promtool's rule unit tests.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import YAML from 'yaml';
import {
  alertWindows,
  generateRules,
  importSloFile,
  promDuration,
  SloError,
  validateSlos,
  type AlertingRule,
  type RecordingRule,
  type SloInput,
  type SloSpec,
} from '../../src/slo/index.ts';
import { fixture, promtool } from './helpers.ts';

const CHECKOUT: SloInput = {
  name: 'checkout-availability',
  service: 'checkout',
  objective: 0.999,
  window: '30d',
  labels: { team: 'shop' },
  indicator: {
    kind: 'ratio',
    errorQuery: 'sum(rate(http_requests_total{service="checkout",code=~"5.."}[{{.window}}]))',
    totalQuery: 'sum(rate(http_requests_total{service="checkout"}[{{.window}}]))',
  },
  alerting: {
    name: 'CheckoutErrorBudgetBurn',
    page: { labels: { severity: 'critical' } },
    ticket: { labels: { severity: 'warning' } },
  },
};

function slos(...inputs: SloInput[]): SloSpec[] {
  return validateSlos(inputs, { source: 'test' }).slos;
}

const dir = mkdtempSync(join(tmpdir(), 'prophet-slo-rules-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('SLO rule generation', () => {
  it("records Sloth's series with Sloth's labels", () => {
    const { file } = generateRules(slos(CHECKOUT));
    assert.deepEqual(
      file.groups.map((g) => [g.name, g.interval]),
      [
        ['prophet-slo-sli-recordings-checkout-checkout-availability', undefined],
        ['prophet-slo-period-recordings-checkout-checkout-availability', '5m'],
        ['prophet-slo-meta-recordings-checkout-checkout-availability', undefined],
        ['prophet-slo-alerts-checkout-checkout-availability', undefined],
      ]
    );
    const records = file.groups.flatMap((g) => g.rules).filter((r): r is RecordingRule => 'record' in r);
    assert.deepEqual(
      records.map((r) => r.record),
      [
        ...['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d'].map((w) => `slo:sli_error:ratio_rate${w}`),
        'slo:objective:ratio',
        'slo:error_budget:ratio',
        'slo:time_period:days',
        'slo:current_burn_rate:ratio',
        'slo:period_burn_rate:ratio',
        'slo:period_error_budget_remaining:ratio',
        'sloth_slo_info',
      ]
    );
    const ids = {
      team: 'shop',
      sloth_id: 'checkout-checkout-availability',
      sloth_service: 'checkout',
      sloth_slo: 'checkout-availability',
    };
    assert.deepEqual(records[0].labels, { ...ids, sloth_window: '5m' });
    assert.deepEqual(records[7].labels, { ...ids, sloth_window: '30d' });
    assert.match(records[7].expr, /\[30d\]/);
    const byName = Object.fromEntries(records.map((r) => [r.record, r]));
    assert.equal(byName['slo:objective:ratio'].expr, 'vector(0.999)');
    assert.equal(byName['slo:error_budget:ratio'].expr, 'vector(0.001)');
    assert.equal(byName['slo:time_period:days'].expr, 'vector(30)');
    assert.deepEqual(byName['slo:objective:ratio'].labels, ids);
    assert.equal(byName['sloth_slo_info'].labels?.sloth_objective, '99.9');
  });

  it('alerts on 5m&1h > 14.4 or 30m&6h > 6 (page) and 2h&1d > 3 or 6h&3d > 1 (ticket) for 30 days', () => {
    const alerts = generateRules(slos(CHECKOUT))
      .file.groups.flatMap((g) => g.rules)
      .filter((r): r is AlertingRule => 'alert' in r);
    assert.equal(alerts.length, 2);
    const conditions = (expr: string) =>
      [...expr.matchAll(/slo:sli_error:ratio_rate(\w+)\{[^}]*\} > \(([\d.]+) \* 0\.001\)/g)].map(
        (m) => `${m[1]}>${m[2]}`
      );
    assert.deepEqual(conditions(alerts[0].expr), ['5m>14.4', '1h>14.4', '30m>6', '6h>6']);
    assert.deepEqual(conditions(alerts[1].expr), ['2h>3', '1d>3', '6h>1', '3d>1']);
    assert.deepEqual(alerts[0].labels, {
      severity: 'critical',
      sloth_id: 'checkout-checkout-availability',
      sloth_service: 'checkout',
      sloth_slo: 'checkout-availability',
      sloth_severity: 'page',
    });
    assert.equal(alerts[1].labels?.sloth_severity, 'ticket');
  });

  it('scales windows like Sloth: its 28d catalogue, and 30d windows scaled to other periods', () => {
    const summary = (window: string) =>
      alertWindows({ kind: 'rolling', duration: window }).map(
        (w) => `${promDuration(w.shortMs)}/${promDuration(w.longMs)}>${w.factor}`
      );
    assert.deepEqual(summary('30d'), ['5m/1h>14.4', '30m/6h>6', '2h/1d>3', '6h/3d>1']);
    assert.deepEqual(summary('28d'), ['5m/1h>13.44', '30m/6h>5.6', '2h/1d>2.8', '6h/3d>0.933333']);
    assert.deepEqual(summary('7d'), ['5m/14m>14.4', '7m/1h24m>6', '28m/5h36m>3', '1h24m/16h48m>1']);
    assert.deepEqual(summary('90d'), ['15m/3h>14.4', '1h30m/18h>6', '6h/3d>3', '18h/9d>1']);
    // A 7d SLO records the standard windows and its own alert windows.
    const { file } = generateRules(slos({ ...CHECKOUT, window: '7d' }));
    const windows = file.groups[0].rules.map((r) => (r as RecordingRule).labels?.sloth_window);
    assert.deepEqual(windows, [
      '5m',
      '7m',
      '14m',
      '28m',
      '30m',
      '1h',
      '1h24m',
      '2h',
      '5h36m',
      '6h',
      '16h48m',
      '1d',
      '3d',
    ]);
    assert.equal((file.groups[1].rules[0] as RecordingRule).record, 'slo:sli_error:ratio_rate7d');
  });

  it('writes each indicator kind as an error ratio', () => {
    const [latency, good, raw] = slos(
      {
        ...CHECKOUT,
        name: 'l',
        indicator: { kind: 'latency', histogramMetric: 'h_seconds_bucket', threshold: 0.25, selector: 'job="api"' },
      },
      {
        ...CHECKOUT,
        name: 'g',
        indicator: {
          kind: 'ratio',
          goodQuery: 'sum(rate(ok_total[{{.window}}]))',
          totalQuery: 'sum(rate(all_total[{{.window}}]))',
        },
      },
      { ...CHECKOUT, name: 'r', indicator: { kind: 'raw', errorRatioQuery: 'avg_over_time(err_ratio[{{.window}}])' } }
    );
    const expr = (slo: SloSpec) =>
      (generateRules([slo]).file.groups[0].rules[2] as RecordingRule).expr.replace(/\s+/g, ' ').trim();
    assert.equal(
      expr(latency),
      '1 - ( sum(rate(h_seconds_bucket{job="api",le="0.25"}[1h])) / sum(rate(h_seconds_count{job="api"}[1h])) )'
    );
    assert.equal(expr(good), '1 - ( (sum(rate(ok_total[1h]))) / (sum(rate(all_total[1h]))) )');
    assert.equal(expr(raw), '(avg_over_time(err_ratio[1h]))');
    const [whole] = slos({
      ...CHECKOUT,
      name: 'w',
      indicator: { kind: 'latency', histogramMetric: 'h_bucket', threshold: 1, selector: '' },
    });
    assert.match(expr(whole), /h_bucket\{le=~"1\(\\\\\.0\)\?"\}\[1h\]\)\) \/ sum\(rate\(h_count\[1h\]\)\)/);
  });

  it('approximates a calendar month by 30 rolling days and says so', () => {
    const { file, warnings } = generateRules(slos({ ...CHECKOUT, window: 'calendar-month' }));
    assert.equal((file.groups[1].rules[0] as RecordingRule).record, 'slo:sli_error:ratio_rate30d');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0].message, /calendar month: .*rolling 30d window/);
    const info = file.groups[2].rules.find((r) => (r as RecordingRule).record === 'sloth_slo_info') as RecordingRule;
    assert.equal(info.labels?.prophet_window, 'calendar-month');
  });

  it('leaves out disabled alerts and refuses two SLOs with one sloth_id', () => {
    const noAlerts = generateRules(slos({ ...CHECKOUT, alerting: { disabled: true } })).file.groups;
    assert.equal(noAlerts.length, 3);
    const ticketOnly = generateRules(slos({ ...CHECKOUT, alerting: { page: { disabled: true } } })).file.groups[3]
      .rules;
    assert.deepEqual(
      ticketOnly.map((r) => (r as AlertingRule).labels?.sloth_severity),
      ['ticket']
    );
    const [a] = slos(CHECKOUT);
    assert.throws(
      () => generateRules([a, { ...a }]),
      (e: unknown) => e instanceof SloError && /duplicate sloth_id "checkout-checkout-availability"/.test(e.message)
    );
  });

  it('produces rules that pass promtool check rules, for every fixture', () => {
    for (const name of ['prophet-slos.yaml', 'sloth-myservice.yaml', 'sloth-kubernetes.yaml', 'pyrra-slos.yaml']) {
      const { slos: imported } = importSloFile(name, fixture(name).text);
      const path = join(dir, `rules-${name}`);
      writeFileSync(path, generateRules(imported).yaml);
      const result = promtool(['check', 'rules', path]);
      assert.equal(result.status, 0, `${name}:\n${result.output}`);
    }
  });

  it('fires the page and ticket alerts on a fast burn and stays quiet within budget (promtool test rules)', () => {
    writeFileSync(join(dir, 'checkout-rules.yaml'), generateRules(slos(CHECKOUT), { periodInterval: '1m' }).yaml);
    const series = (code: string, perMinute: number, minutes: number) => ({
      series: `http_requests_total{service="checkout",code="${code}"}`,
      values: `0+${perMinute}x${minutes}`,
    });
    const ids = {
      sloth_id: 'checkout-checkout-availability',
      sloth_service: 'checkout',
      sloth_slo: 'checkout-availability',
    };
    const alert = (severity: 'page' | 'ticket', window: string, extra: Record<string, string>) => ({
      exp_labels: { ...ids, team: 'shop', sloth_window: window, sloth_severity: severity, ...extra },
      exp_annotations: {
        summary: 'checkout-availability (checkout) is burning its error budget too fast',
        title: `(${severity}) checkout checkout-availability SLO error budget burn rate is too fast.`,
      },
    });
    const tests = {
      rule_files: ['checkout-rules.yaml'],
      evaluation_interval: '1m',
      tests: [
        {
          // 10% errors for 3 hours: burn rate 100 on every window.
          interval: '1m',
          input_series: [series('200', 540, 180), series('500', 60, 180)],
          promql_expr_test: [
            {
              expr: 'round(slo:current_burn_rate:ratio, 0.001)',
              eval_time: '2h',
              exp_samples: [{ labels: `{${labelText({ ...ids, team: 'shop', sloth_window: '5m' })}}`, value: 100 }],
            },
            {
              expr: 'round(slo:period_error_budget_remaining:ratio, 0.001)',
              eval_time: '2h',
              exp_samples: [{ labels: `{${labelText({ ...ids, team: 'shop', sloth_window: '30d' })}}`, value: -99 }],
            },
          ],
          alert_rule_test: [
            {
              eval_time: '2h',
              alertname: 'CheckoutErrorBudgetBurn',
              exp_alerts: [
                alert('page', '5m', { severity: 'critical' }),
                alert('ticket', '2h', { severity: 'warning' }),
              ],
            },
          ],
        },
        {
          // 0.05% errors: burn rate 0.5, no alert.
          interval: '1m',
          input_series: [series('200', 19990, 240), series('500', 10, 240)],
          alert_rule_test: [{ eval_time: '4h', alertname: 'CheckoutErrorBudgetBurn', exp_alerts: [] }],
        },
        {
          // A 5-minute spike of 50% errors after 2 healthy hours (with only 3 hours of history): the 5m and 1h windows
          // burn past 14.4, so it pages; 40 minutes later the 5m window is clean and the page resolves, while the
          // ticket (2h and 1d windows still holding the spike, above 3) stays.
          interval: '1m',
          input_series: [
            series('200', 1000, 180),
            { series: 'http_requests_total{service="checkout",code="500"}', values: '0x120 0+1000x5 5000x55' },
          ],
          alert_rule_test: [
            {
              eval_time: '124m',
              alertname: 'CheckoutErrorBudgetBurn',
              exp_alerts: [
                alert('page', '5m', { severity: 'critical' }),
                alert('ticket', '2h', { severity: 'warning' }),
              ],
            },
            {
              eval_time: '165m',
              alertname: 'CheckoutErrorBudgetBurn',
              exp_alerts: [alert('ticket', '2h', { severity: 'warning' })],
            },
          ],
        },
      ],
    };
    writeFileSync(join(dir, 'checkout-rules.test.yaml'), YAML.stringify(tests));
    const result = promtool(['test', 'rules', 'checkout-rules.test.yaml'], dir);
    assert.equal(result.status, 0, result.output);
  });
});

function labelText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ');
}
