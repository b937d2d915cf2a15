// Shared by the provisioned-dashboard tests: read a dashboard JSON from deploy/grafana/dashboards and walk its PromQL
// with the lezer grammar Prometheus' own UI uses (an unknown function or a broken selector is a parse error there).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';

export const DASHBOARDS_DIR = join(__dirname, '../../deploy/grafana/dashboards');

/** What one PromQL expression reads: metric names, functions and label names, and how many parse errors it has. */
export interface PromqlUse {
  metrics: string[];
  /** Every vector selector as written (`metric{matchers}`), with its metric name ('' for a bare `{…}`). */
  selectors: Array<{ metric: string; text: string }>;
  functions: string[];
  labels: string[];
  errors: number;
}

export function analysePromql(expr: string): PromqlUse {
  const use: PromqlUse = { metrics: [], selectors: [], functions: [], labels: [], errors: 0 };
  parser.parse(expr).iterate({
    enter: (node) => {
      const text = expr.slice(node.from, node.to);
      if (node.type.isError) {
        use.errors++;
      } else if (node.name === 'VectorSelector') {
        const name = node.node.getChild('Identifier');
        use.selectors.push({ metric: name ? expr.slice(name.from, name.to) : '', text });
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

export interface DashboardTarget {
  datasource?: unknown;
  expr?: string;
  refId: string;
  legendFormat?: string;
  instant?: boolean;
  format?: string;
}

export interface DashboardPanel {
  id: number;
  title: string;
  type: string;
  description?: string;
  datasource?: unknown;
  targets?: DashboardTarget[];
  panels?: DashboardPanel[];
  repeat?: string;
  timeFrom?: string;
  links?: Array<{ title: string; url: string }>;
  transformations?: Array<{ id: string; options: unknown }>;
  fieldConfig?: {
    defaults: Record<string, unknown>;
    overrides: Array<{ matcher: { id: string; options: string }; properties: Array<{ id: string; value: unknown }> }>;
  };
  gridPos: { h: number; w: number; x: number; y: number };
}

export interface DashboardVariable {
  name: string;
  type: string;
  query: string | { query: string };
  label?: string;
  multi?: boolean;
  includeAll?: boolean;
  current?: unknown;
}

/** One PromQL expression of the dashboard and where it is (for test names and messages). */
export interface DashboardExpr {
  where: string;
  expr: string;
}

/** The dashboard JSON fields the tests read. */
export interface DashboardJson {
  uid: string;
  title: string;
  schemaVersion: number;
  tags: string[];
  time: { from: string; to: string };
  links: Array<{ title: string; type: string; url: string }>;
  templating: { list: DashboardVariable[] };
  panels: DashboardPanel[];
}

export interface LoadedDashboard {
  json: DashboardJson;
  /** Every panel, rows included, with the panels of collapsed rows flattened in. */
  panels: DashboardPanel[];
  /** Every target's expression, tagged `panel "<title>" <refId>`. */
  panelExprs: Array<DashboardExpr & { panel: DashboardPanel; target: DashboardTarget }>;
  /** The query variables' PromQL: for label_values(<selector>, <label>) the selector, with the label apart. */
  variableExprs: Array<DashboardExpr & { label?: string }>;
}

export function loadDashboard(file: string): LoadedDashboard {
  const json: DashboardJson = JSON.parse(readFileSync(join(DASHBOARDS_DIR, file), 'utf8'));
  const panels = json.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
  const panelExprs = panels.flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({
      where: `panel "${panel.title}" ${target.refId}`,
      expr: target.expr ?? '',
      panel,
      target,
    }))
  );
  // Grafana's label_values(<selector>, <label>) is not PromQL; its selector is.
  const variableExprs = json.templating.list
    .filter((v) => v.type === 'query')
    .map((v) => {
      const query = typeof v.query === 'string' ? v.query : v.query.query;
      const match = /^label_values\((.+),\s*(\w+)\)$/.exec(query);
      return { where: `variable ${v.name}`, expr: match ? match[1] : query, label: match?.[2] };
    });
  return { json, panels, panelExprs, variableExprs };
}

export const PROMETHEUS_DATASOURCE_VARIABLE = { type: 'prometheus', uid: '${datasource}' };

/** Our panel plugins that run no query: they read the sidecar through the app's plugin proxy. */
export const QUERYLESS_PANEL_TYPES = ['prophet-aiops-remediation-approvals-panel'];

/** Titles of the non-row panels (and their targets) that do not query the dashboard's Prometheus variable. */
export function panelsOffTheDatasourceVariable(panels: DashboardPanel[]): string[] {
  const same = (ds: unknown) => JSON.stringify(ds) === JSON.stringify(PROMETHEUS_DATASOURCE_VARIABLE);
  return panels
    .filter((p) => p.type !== 'row' && !QUERYLESS_PANEL_TYPES.includes(p.type))
    .filter((p) => !same(p.datasource) || (p.targets ?? []).some((t) => !same(t.datasource)))
    .map((p) => p.title);
}
