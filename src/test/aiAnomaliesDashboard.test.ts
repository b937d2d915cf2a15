// The provisioned dashboard deploy/grafana/dashboards/ai-anomalies.json may only query what the sidecar exports:
// every expression must parse as PromQL (the same lezer grammar Prometheus' own UI uses; an unknown function is a
// parse error there) and name only the sidecar's anomaly and outlier metrics and labels.
import approvalsPanel from '../panels/approvals/plugin.json';
import { analysePromql as analyse, loadDashboard, panelsOffTheDatasourceVariable } from './dashboardPromql';

const EXPORTED_METRICS = new Set([
  'prophet_anomaly_score',
  'prophet_anomalous',
  'prophet_band_lower',
  'prophet_band_upper',
  'prophet_outlier',
  'prophet_outlier_score',
]);
/** Labels the sidecar sets on those metrics (the series' and groups' own labels come on top and vary). */
const EXPORTED_LABELS = new Set(['anomaly_job', 'series_id', 'outlier_job', 'group_id', 'member']);

const { json: dashboard, panels, panelExprs, variableExprs } = loadDashboard('ai-anomalies.json');

describe('ai-anomalies dashboard', () => {
  it('is a Grafana 12 dashboard on the Prometheus datasource variable', () => {
    expect(dashboard.uid).toBe('prophet-ai-anomalies');
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(41);
    const datasource = dashboard.templating.list.find((v) => v.type === 'datasource');
    expect(datasource).toMatchObject({ name: 'datasource', query: 'prometheus', current: { value: 'prometheus' } });
    expect(panelsOffTheDatasourceVariable(panels)).toEqual([]);
  });

  it('ends with the Remediation approvals panel, by the id the nested panel plugin declares', () => {
    const last = dashboard.panels[dashboard.panels.length - 1];
    expect(last).toMatchObject({ type: approvalsPanel.id, title: 'Remediation approvals', options: { namespace: '' } });
    expect(last.targets ?? []).toEqual([]);
  });

  it('has panels for scores, series anomalous now, the band of one series and outliers', () => {
    const uses = panelExprs.map((e) => analyse(e.expr));
    const used = new Set(uses.flatMap((u) => u.metrics));
    expect([...EXPORTED_METRICS].filter((m) => !used.has(m))).toEqual([]);
    expect(panelExprs.some((e) => /prophet_anomalous\{[^}]*\} != 0/.test(e.expr))).toBe(true);
    expect(panelExprs.some((e) => /prophet_outlier\{[^}]*\} == 1/.test(e.expr))).toBe(true);
    expect(
      panelExprs.filter((e) => e.expr.includes('series_id="$series_id"')).map((e) => analyse(e.expr).metrics[0])
    ).toEqual(expect.arrayContaining(['prophet_band_lower', 'prophet_band_upper']));
    expect(variableExprs.map((v) => [v.where, v.label])).toEqual([
      ['variable anomaly_job', 'anomaly_job'],
      ['variable series_id', 'series_id'],
      ['variable outlier_job', 'outlier_job'],
    ]);
  });

  it.each([...panelExprs, ...variableExprs])('$where is valid PromQL over the exported metrics', ({ expr }) => {
    expect(expr).not.toBe('');
    const use = analyse(expr);
    expect(use.errors).toBe(0);
    expect(use.metrics.length).toBeGreaterThan(0);
    expect(use.metrics.filter((m) => !EXPORTED_METRICS.has(m))).toEqual([]);
    expect(use.labels.filter((l) => !EXPORTED_LABELS.has(l))).toEqual([]);
  });

  it('catches an invented function, an unknown metric and a misspelt label (the check can fail)', () => {
    expect(analyse('anomaly_band(prophet_anomaly_score)').errors).toBeGreaterThan(0);
    expect(analyse('rate(prophet_anomaly_score[5m])')).toMatchObject({ errors: 0, functions: ['rate'] });
    expect(analyse('prophet_anomaly_scores{series_id="x"}').metrics).toEqual(['prophet_anomaly_scores']);
    expect(analyse('sum by (seriesid) (prophet_outlier)').labels).toEqual(['seriesid']);
  });
});
