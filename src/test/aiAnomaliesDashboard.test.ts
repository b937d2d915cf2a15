// The provisioned dashboard deploy/grafana/dashboards/ai-anomalies.json may only query what the sidecar exports:
// every expression must parse as PromQL (the same lezer grammar Prometheus' own UI uses; an unknown function is a
// parse error there) and name only the sidecar's anomaly and outlier metrics and labels.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';

const DASHBOARD = join(__dirname, '../../deploy/grafana/dashboards/ai-anomalies.json');

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

interface PromqlUse {
  metrics: string[];
  functions: string[];
  labels: string[];
  errors: number;
}

function analyse(expr: string): PromqlUse {
  const use: PromqlUse = { metrics: [], functions: [], labels: [], errors: 0 };
  parser.parse(expr).iterate({
    enter: (node) => {
      const text = expr.slice(node.from, node.to);
      if (node.type.isError) {
        use.errors++;
      } else if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') {
        use.metrics.push(text);
      } else if (node.name === 'FunctionIdentifier') {
        use.functions.push(text);
      } else if (node.name === 'LabelName') {
        use.labels.push(text);
      }
    },
  });
  return use;
}

interface Target {
  expr?: string;
  refId: string;
}
interface Panel {
  title: string;
  type: string;
  targets?: Target[];
  panels?: Panel[];
}
interface Variable {
  name: string;
  type: string;
  query: string | { query: string };
}

const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8'));
const panels: Panel[] = dashboard.panels.flatMap((p: Panel) => [p, ...(p.panels ?? [])]);
const panelExprs = panels.flatMap((p) =>
  (p.targets ?? []).map((t) => ({ where: `panel "${p.title}" ${t.refId}`, expr: t.expr ?? '' }))
);
// Grafana's label_values(<selector>, <label>) is not PromQL; its selector is.
const variableExprs = (dashboard.templating.list as Variable[])
  .filter((v) => v.type === 'query')
  .map((v) => {
    const query = typeof v.query === 'string' ? v.query : v.query.query;
    const match = /^label_values\((.+),\s*(\w+)\)$/.exec(query);
    return { where: `variable ${v.name}`, expr: match ? match[1] : query, label: match?.[2] };
  });

describe('ai-anomalies dashboard', () => {
  it('is a Grafana 12 dashboard on the Prometheus datasource variable', () => {
    expect(dashboard.uid).toBe('prophet-ai-anomalies');
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(41);
    const datasource = dashboard.templating.list.find((v: Variable) => v.type === 'datasource');
    expect(datasource).toMatchObject({ name: 'datasource', query: 'prometheus', current: { value: 'prometheus' } });
    for (const p of panels.filter((p) => p.type !== 'row')) {
      expect({ panel: p.title, datasource: (p as { datasource?: unknown }).datasource }).toEqual({
        panel: p.title,
        datasource: { type: 'prometheus', uid: '${datasource}' },
      });
    }
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
