// The provisioned dashboard deploy/grafana/dashboards/slo-burn.json reads two sources only: the sidecar's SLO metrics
// (sidecar/src/slos/slo-metrics.ts) and the Sloth-compatible series the generated SLO rules record (and the ALERTS
// their alert rules raise). Every expression must parse as PromQL, name only those series and labels, and follow the
// SLO variable. sidecar/test/deploy/slo-burn-dashboard.test.ts runs the same queries against a real Prometheus.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataFrame, FieldType, getFieldDisplayName, toDataFrame, transformDataFrame } from '@grafana/data';
import { firstValueFrom } from 'rxjs';
import pluginJson from '../plugin.json';
import { analysePromql, DashboardPanel, loadDashboard, panelsOffTheDatasourceVariable } from './dashboardPromql';
import { installTransformersForTests } from './transformersForTests';

/** The sidecar's SLO metrics, labelled slo (the SLO id) and service, and window for burn rates. */
const SIDECAR_METRICS = [
  'prophet_slo_budget_remaining_ratio',
  'prophet_slo_burn_rate',
  'prophet_slo_exhaustion_timestamp_seconds',
  'prophet_slo_exhaustion_timestamp_seconds_earliest',
  'prophet_slo_exhaustion_timestamp_seconds_latest',
];
const SIDECAR_LABELS = ['slo', 'service', 'window'];

// The generator's checked-in output for the example SLOs (sidecar/test/slo/rules-command.test.ts fails when it no
// longer matches the generator): what the rules record, their sloth_* labels and their alert factors.
const GENERATED_RULES = readFileSync(join(__dirname, '../../deploy/prometheus/examples/slo-rules.yaml'), 'utf8');
const RECORDED_SERIES = [...GENERATED_RULES.matchAll(/^\s*- record: (\S+)$/gm)].map((m) => m[1]);
const SLOTH_LABELS = [...new Set([...GENERATED_RULES.matchAll(/\b(sloth_\w+):/g)].map((m) => m[1]))];
/** Prometheus' own series for alert rules, and the labels it adds. */
const ALERTS_LABELS = ['alertname', 'alertstate'];

const ALLOWED_METRICS = new Set([...SIDECAR_METRICS, ...RECORDED_SERIES, 'ALERTS']);
const ALLOWED_LABELS = new Set([...SIDECAR_LABELS, ...SLOTH_LABELS, ...ALERTS_LABELS]);

/** The burn-rate factors of the generated alerts of the example's 30-day SLO: `(factor * budget)` in each expr. */
function alertFactorsOf30DaySlo(): number[] {
  const group = GENERATED_RULES.split(/^ {2}- name: /m).find((g) =>
    g.startsWith('prophet-slo-alerts-checkout-checkout-availability')
  );
  return [...new Set([...(group ?? '').matchAll(/\((\d+(?:\.\d+)?) \* 0\.001\)/g)].map((m) => Number(m[1])))].sort(
    (a, b) => a - b
  );
}

const { json: dashboard, panels, panelExprs, variableExprs } = loadDashboard('slo-burn.json');
const APP = `/a/${pluginJson.id}`;

/** The panels Grafana repeats per SLO: those after the row repeated over $slo, up to the next row. */
function perSloPanels(): DashboardPanel[] {
  const start = dashboard.panels.findIndex((p) => p.type === 'row' && p.repeat === 'slo');
  const rest = dashboard.panels.slice(start + 1);
  const end = rest.findIndex((p) => p.type === 'row');
  return end === -1 ? rest : rest.slice(0, end);
}

/** A target's unit: the table's column override (after the organize rename) or the panel's default. */
function unitOf(panel: DashboardPanel, refId: string): unknown {
  const organize = panel.transformations?.find((t) => t.id === 'organize')?.options as
    { renameByName?: Record<string, string> } | undefined;
  const column = organize?.renameByName?.[`Value #${refId}`];
  const override = panel.fieldConfig?.overrides.find((o) => o.matcher.id === 'byName' && o.matcher.options === column);
  return override?.properties.find((p) => p.id === 'unit')?.value ?? panel.fieldConfig?.defaults.unit;
}

function thresholdValues(config: unknown): number[] {
  const steps = (config as { thresholds?: { steps: Array<{ value: number | null }> } }).thresholds?.steps ?? [];
  return steps.map((s) => s.value).filter((v): v is number => v !== null);
}

describe('slo-burn dashboard', () => {
  it('keeps its uid and title, and is provisioned from deploy/grafana/dashboards', () => {
    expect(dashboard.uid).toBe('prophet-slo-burn');
    expect(dashboard.title).toBe('Prophet AIOps: SLO error budgets and burn rates');
    expect(dashboard.tags).toEqual(expect.arrayContaining(['prophet-aiops', 'slo']));
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(41);
    const provisioning = readFileSync(join(__dirname, '../../provisioning/dashboards/dashboards.yaml'), 'utf8');
    expect(provisioning).toMatch(/path: \S*\/deploy\/grafana\/dashboards\s*$/m);
  });

  it('queries the Prometheus datasource variable in every panel and target', () => {
    const datasource = dashboard.templating.list.find((v) => v.type === 'datasource');
    expect(datasource).toMatchObject({ name: 'datasource', query: 'prometheus', current: { value: 'prometheus' } });
    expect(panelsOffTheDatasourceVariable(panels)).toEqual([]);
  });

  it('describes every panel, naming the series it reads', () => {
    // slo:sli_error:ratio_rate5m … 3d are one family, as are the exhaustion time and its _earliest/_latest edges.
    const family = (metric: string) =>
      metric.replace(/_(earliest|latest)$/, '').replace(/ratio_rate\w+$/, 'ratio_rate');
    const undescribed = panels
      .filter((p) => p.type !== 'row')
      .flatMap((p) => {
        const metrics = new Set((p.targets ?? []).flatMap((t) => analysePromql(t.expr ?? '').metrics).map(family));
        const missing = [...metrics].filter((m) => !(p.description ?? '').includes(m));
        return (p.description ?? '').length < 60 || missing.length > 0 ? [`${p.title}: ${missing.join(', ')}`] : [];
      });
    expect(undescribed).toEqual([]);
  });

  it('selects services and SLOs from the generated sloth_slo_info series', () => {
    expect(variableExprs.map((v) => [v.where, v.expr, v.label])).toEqual([
      ['variable service', 'sloth_slo_info', 'sloth_service'],
      ['variable slo', 'sloth_slo_info{sloth_service=~"$service"}', 'sloth_id'],
    ]);
    for (const name of ['service', 'slo']) {
      expect(dashboard.templating.list.find((v) => v.name === name)).toMatchObject({ multi: true, includeAll: true });
    }
  });

  it.each([...panelExprs, ...variableExprs])(
    '$where is valid PromQL over the exported and recorded series',
    ({ expr }) => {
      expect(expr).not.toBe('');
      const use = analysePromql(expr);
      expect(use.errors).toBe(0);
      expect(use.metrics.length).toBeGreaterThan(0);
      expect(use.metrics.filter((m) => !ALLOWED_METRICS.has(m))).toEqual([]);
      expect(use.labels.filter((l) => !ALLOWED_LABELS.has(l))).toEqual([]);
    }
  );

  it('restricts every panel selector to the chosen SLOs (slo for the sidecar, sloth_id for the rules and ALERTS)', () => {
    const unrestricted = panelExprs.flatMap(({ where, expr }) =>
      analysePromql(expr)
        .selectors.filter(({ metric, text }) =>
          SIDECAR_METRICS.includes(metric) ? !text.includes('slo=~"$slo"') : !text.includes('sloth_id=~"$slo"')
        )
        .map(({ text }) => `${where}: ${text}`)
    );
    expect(unrestricted).toEqual([]);
  });

  it('reads every sidecar SLO metric, the burn-rate windows 5m to 3d, the budget, objective and alerts', () => {
    const used = new Set(panelExprs.flatMap((e) => analysePromql(e.expr).metrics));
    const windows = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'].map((w) => `slo:sli_error:ratio_rate${w}`);
    const expected = [
      ...SIDECAR_METRICS,
      ...windows,
      'slo:objective:ratio',
      'slo:error_budget:ratio',
      'slo:current_burn_rate:ratio',
      'slo:period_error_budget_remaining:ratio',
      'ALERTS',
    ];
    expect(expected.filter((m) => !used.has(m))).toEqual([]);
    // The burn-rate windows must be series the generator records, and the windows the sidecar labels (guards
    // the window spelling).
    expect(windows.filter((w) => !RECORDED_SERIES.includes(w))).toEqual([]);
    const sidecarWindows = panelExprs.flatMap((e) => [...e.expr.matchAll(/\bwindow="([^"]*)"/g)].map((m) => m[1]));
    expect(sidecarWindows).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d']);
  });

  it('repeats one row per SLO with budget, SLI vs objective, burn rates, 30-day burn-down, exhaustion and alerts', () => {
    const row = perSloPanels();
    const reads = (metric: string) => row.filter((p) => (p.targets ?? []).some((t) => t.expr?.includes(metric)));
    expect(reads('prophet_slo_budget_remaining_ratio').map((p) => p.type)).toEqual(
      expect.arrayContaining(['stat', 'timeseries'])
    );
    expect(reads('slo:objective:ratio').map((p) => p.type)).toEqual(['timeseries']);
    expect(reads('slo:sli_error:ratio_rate3d').map((p) => p.type)).toEqual(['timeseries']);
    expect(reads('prophet_slo_burn_rate').map((p) => p.type)).toEqual(['bargauge']);
    const burnDown = reads('slo:period_error_budget_remaining:ratio').find((p) => p.type === 'timeseries');
    expect(burnDown?.timeFrom).toBe('30d');
    expect(reads('ALERTS').map((p) => p.type)).toEqual(['state-timeline']);
    expect(reads('prophet_slo_exhaustion_timestamp_seconds_latest').length).toBe(2);
  });

  it('shows exhaustion times as dates (milliseconds) and as time left (seconds from now)', () => {
    const exhaustion = panelExprs.filter((e) => e.expr.includes('prophet_slo_exhaustion_timestamp_seconds'));
    const shown = exhaustion.map(({ where, expr, panel, target }) => {
      const unit = String(unitOf(panel, target.refId));
      if (/ \* 1000$/.test(expr)) {
        return unit.startsWith('dateTime') ? 'date' : `${where}: a date in unit ${unit}`;
      }
      if (/ - time\(\)$/.test(expr)) {
        return unit === 's' ? 'time left' : `${where}: time left in unit ${unit}`;
      }
      return panel.type === 'table' ? 'sort key' : `${where}: neither a date nor time left`;
    });
    expect(new Set(shown)).toEqual(new Set(['date', 'time left', 'sort key']));
    // Per SLO and in the table: the central time and both edges of its range, as dates and as time left.
    expect(shown.filter((s) => s === 'date')).toHaveLength(6);
    expect(shown.filter((s) => s === 'time left')).toHaveLength(4);
  });

  it('marks the generated alert factors (14.4, 6, 3, 1 for 30 days) on every burn-rate panel', () => {
    const factors = alertFactorsOf30DaySlo();
    expect(factors).toEqual([1, 3, 6, 14.4]);
    const burnPanels = panels.filter((p) =>
      (p.targets ?? []).some((t) => /prophet_slo_burn_rate|current_burn_rate|slo:error_budget:ratio/.test(t.expr ?? ''))
    );
    expect(burnPanels.length).toBeGreaterThanOrEqual(4);
    for (const panel of burnPanels) {
      const column = panel.fieldConfig?.overrides.find((o) => o.matcher.options === 'Burn rate (5m)');
      const config = column
        ? { thresholds: column.properties.find((p) => p.id === 'thresholds')?.value }
        : panel.fieldConfig?.defaults;
      expect({ panel: panel.title, factors: thresholdValues(config) }).toEqual({ panel: panel.title, factors });
    }
    const history = burnPanels.find((p) => p.type === 'timeseries');
    expect(
      (history?.fieldConfig?.defaults.custom as { thresholdsStyle: { mode: string } }).thresholdsStyle.mode
    ).not.toBe('off');
  });

  it("links to the app's SLO list and to each SLO's page (id = <service>-<name>)", () => {
    expect(dashboard.links).toEqual([expect.objectContaining({ type: 'link', url: `${APP}/slos` })]);
    const table = panels.find((p) => p.type === 'table')!;
    const idColumn = table.fieldConfig!.overrides.find((o) => o.matcher.options === 'SLO')!;
    expect(idColumn.properties.find((p) => p.id === 'links')?.value).toEqual([
      expect.objectContaining({ url: `${APP}/slos/\${__value.raw}` }),
    ]);
    const linked = perSloPanels().filter((p) => (p.links ?? []).some((l) => l.url === `${APP}/slos/\${slo}`));
    expect(linked.length).toBeGreaterThan(0);
  });

  describe('SLO table', () => {
    beforeAll(() => installTransformersForTests());
    const table = panels.find((p) => p.type === 'table')!;
    const now = Date.UTC(2026, 10, 24, 12);
    const day = 86_400;

    /** One frame per query, as Grafana's Prometheus datasource shapes an instant query in table format. */
    function frame(refId: string, values: Record<string, number>): DataFrame {
      const ids = Object.keys(values);
      return toDataFrame({
        refId,
        fields: [
          { name: 'Time', type: FieldType.time, values: ids.map(() => now) },
          { name: 'sloth_id', type: FieldType.string, values: ids },
          { name: `Value #${refId}`, type: FieldType.number, values: ids.map((id) => values[id]) },
        ],
      });
    }

    async function rows(frames: DataFrame[]) {
      const [out] = await firstValueFrom(transformDataFrame(table.transformations as never, frames));
      const names = out.fields.map((f) => getFieldDisplayName(f, out));
      const column = (name: string) => out.fields[names.indexOf(name)].values;
      return { names, column };
    }

    // "spent" ran out yesterday, "soon" runs out in 2 days, "calm" is not forecast to run out (no exhaustion series,
    // only the +Inf sort key the query gives it).
    const exhaustAt = { spent: now / 1000 - day, soon: now / 1000 + 2 * day };
    const frames = [
      frame('A', { calm: 0.999, soon: 0.998, spent: 0.99 }),
      frame('B', { calm: 0.9, soon: 0.3, spent: -0.2 }),
      frame('C', { calm: 0.91, soon: 0.31, spent: -0.19 }),
      frame('D', { calm: 0.2, soon: 8, spent: 20 }),
      frame('E', { soon: exhaustAt.soon * 1000, spent: exhaustAt.spent * 1000 }),
      frame('F', { soon: 2 * day, spent: -day }),
      frame('G', { soon: (exhaustAt.soon - day) * 1000, spent: (exhaustAt.spent - day) * 1000 }),
      frame('H', { soon: (exhaustAt.soon + day) * 1000, spent: exhaustAt.spent * 1000 }),
      frame('I', { calm: 0, soon: 1, spent: 2 }),
      frame('J', { calm: Infinity, ...exhaustAt }),
    ];

    it('has one row per SLO, the soonest exhaustion first and SLOs with none forecast last', async () => {
      const { column } = await rows(frames);
      expect(column('SLO')).toEqual(['spent', 'soon', 'calm']);
      expect(column('Time left')).toEqual([-day, 2 * day, undefined]);
      expect(column('Alert')).toEqual([2, 1, 0]);
    });

    it('gives SLOs without a forecast exhaustion the sort key +Inf (Grafana sorts an empty cell as 0: first)', () => {
      const key = table.targets!.find((t) => t.refId === 'J')!.expr!;
      expect(key).toMatch(/^max by \(sloth_id\) \(.*prophet_slo_exhaustion_timestamp_seconds\{/);
      expect(key).toMatch(/ or \(max by \(sloth_id\) \(sloth_slo_info\{sloth_id=~"\$slo"\}\) \* \+Inf\)$/);
    });

    it('names its columns, hides the time and the sort key, and styles only columns that exist', async () => {
      const { names } = await rows(frames);
      expect(names).toEqual([
        'SLO',
        'Objective',
        'Budget left (sidecar)',
        'Budget left (rules)',
        'Burn rate (5m)',
        'Budget runs out',
        'Time left',
        'Earliest',
        'Latest',
        'Alert',
        'Exhaustion sort key',
      ]);
      const hidden = table.fieldConfig!.overrides.find((o) => o.matcher.options === 'Exhaustion sort key');
      expect(hidden?.properties).toEqual([{ id: 'custom.hidden', value: true }]);
      const styled = table.fieldConfig!.overrides.map((o) => o.matcher.options);
      expect(styled.filter((name) => !names.includes(name))).toEqual([]);
    });
  });
});
