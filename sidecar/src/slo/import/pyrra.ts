// Pyrra `ServiceLevelObjective` resources (apiVersion pyrra.dev/v1alpha1) → our SLOs.
//
// Pyrra's indicators name counter selectors, not queries; Pyrra wraps them in rate() itself, and so do we:
//   ratio{errors,total}     → errors/total ratio: sum(rate(<errors>[w])) / sum(rate(<total>[w]))
//   latency{success,total}  → our latency indicator when success is `<h>_bucket{…,le="x"}` and total is
//                             `<h>_count{…}` with the same other matchers; otherwise a good/total ratio of the two
//   bool_gauge{metric}      → good/total ratio: sum(sum_over_time(m[w])) / sum(count_over_time(m[w])) (1 = good)
//   latencyNative           → error (native histograms are not supported by the generated rules)
//   grouping                → error: Pyrra makes one SLO per group value; one aggregate SLO would be a different SLO
// metadata.name is the SLO name, metadata.namespace its service; metadata labels prefixed "pyrra.dev/" become SLO
// labels (Pyrra copies them onto its rules). Absent-metric alerts and Thanos' partial_response_strategy are not
// generated (warnings). Pyrra's target is a percentage string ("99.9").
import { isDuration } from '../../config/duration.ts';
import type { SloInput, SloSpec } from '../spec.ts';
import { formatMatchers, parseSelector, type ParsedSelector } from '../promql.ts';
import { Issues, isMapping, join, percentToRatio, stringMap, type ImportResult, type Json } from './common.ts';

export interface PyrraImportOptions {
  /** File name for messages. */
  source: string;
  /** "document 2" style prefix for multi-document files. */
  at?: string;
}

const W = '{{.window}}';

export function importPyrra(doc: Json, options: PyrraImportOptions): ImportResult {
  const issues = new Issues(options.source);
  const at = options.at ?? '';
  const metadata = isMapping(doc.metadata) ? doc.metadata : {};
  const name = typeof metadata.name === 'string' && metadata.name !== '' ? metadata.name : undefined;
  if (!name) {
    issues.error(undefined, join(at, 'metadata.name'), 'is required (the SLO name)');
  }
  issues.unknown(name, at, doc, ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  const spec = doc.spec;
  if (!isMapping(spec)) {
    issues.error(name, join(at, 'spec'), 'is required');
    return issues.result([]);
  }
  const here = join(at, 'spec');
  issues.unknown(name, here, spec, [
    'description',
    'target',
    'window',
    'indicator',
    'alerting',
    'partial_response_strategy',
  ]);
  if (spec.partial_response_strategy !== undefined) {
    issues.warn(name, join(here, 'partial_response_strategy'), 'ignored: it only applies to Thanos Ruler');
  }

  const target = typeof spec.target === 'string' || typeof spec.target === 'number' ? Number(spec.target) : NaN;
  if (!Number.isFinite(target)) {
    issues.error(name, join(here, 'target'), `expected a percentage like "99.9", got ${JSON.stringify(spec.target)}`);
  } else if (target > 0 && target < 1) {
    issues.warn(
      name,
      join(here, 'target'),
      `Pyrra targets are percentages: ${target} means ${target}% (did you mean ${target * 100}?)`
    );
  }
  if (typeof spec.window !== 'string' || !isDuration(spec.window)) {
    issues.error(name, join(here, 'window'), `expected a duration like "28d", got ${JSON.stringify(spec.window)}`);
  }
  const indicator = pyrraIndicator(spec.indicator, join(here, 'indicator'), name, issues);
  const alerting = pyrraAlerting(spec.alerting, join(here, 'alerting'), name, issues);

  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(
    stringMap(issues, name, join(at, 'metadata.labels'), metadata.labels) ?? {}
  )) {
    if (key.startsWith('pyrra.dev/')) {
      labels[key.slice('pyrra.dev/'.length)] = value;
    }
  }
  if (issues.errors.length > 0 || !indicator || !name) {
    return issues.result([]);
  }
  const input: SloInput = {
    name,
    ...(typeof metadata.namespace === 'string' && metadata.namespace ? { service: metadata.namespace } : {}),
    objective: percentToRatio(target),
    window: spec.window as string,
    indicator: indicator.indicator,
    ...(typeof spec.description === 'string' && spec.description ? { description: spec.description } : {}),
    ...(Object.keys(labels).length > 0 ? { labels } : {}),
    ...(alerting ? { alerting } : {}),
  };
  const slos: SloSpec[] = [];
  const slo = issues.validate(input, (field) => {
    if (field === 'name') {
      return join(at, 'metadata.name');
    }
    if (field === 'service') {
      return join(at, 'metadata.namespace');
    }
    if (field.startsWith('labels.')) {
      return join(at, `metadata.labels.pyrra.dev/${field.slice('labels.'.length)}`);
    }
    if (field.startsWith('indicator')) {
      return indicator.at;
    }
    return join(here, field === 'objective' ? 'target' : field);
  });
  if (slo) {
    slos.push(slo);
  }
  return issues.result(slos);
}

function pyrraIndicator(
  value: unknown,
  at: string,
  slo: string | undefined,
  issues: Issues
): { indicator: SloInput['indicator']; at: string } | undefined {
  if (!isMapping(value)) {
    issues.error(slo, at, 'is required (ratio, latency or bool_gauge)');
    return undefined;
  }
  issues.unknown(slo, at, value, ['ratio', 'latency', 'latencyNative', 'bool_gauge']);
  const kinds = ['ratio', 'latency', 'latencyNative', 'bool_gauge'].filter(
    (k) => value[k] !== undefined && value[k] !== null
  );
  if (kinds.length !== 1) {
    issues.error(
      slo,
      at,
      `set exactly one of ratio, latency, latencyNative or bool_gauge${kinds.length ? ` (found ${kinds.join(', ')})` : ''}`
    );
    return undefined;
  }
  const kind = kinds[0];
  const here = join(at, kind);
  const body = value[kind];
  if (!isMapping(body)) {
    issues.error(slo, here, 'expected a mapping');
    return undefined;
  }
  if (kind === 'latencyNative') {
    issues.error(
      slo,
      here,
      'native-histogram latency indicators are not supported: use indicator.latency with a classic histogram (success: <name>_bucket{le="…"}, total: <name>_count)'
    );
    return undefined;
  }
  if (Array.isArray(body.grouping) && body.grouping.length > 0) {
    issues.error(
      slo,
      join(here, 'grouping'),
      `is not supported: Pyrra makes one SLO per value of ${body.grouping.join(', ')}, and one SLO over all of them would be a different objective; write one SLO per group (a selector per value) or drop grouping`
    );
    return undefined;
  }
  const metric = (field: string): ParsedSelector | undefined => {
    const holder = body[field];
    const text = kind === 'bool_gauge' ? body.metric : isMapping(holder) ? holder.metric : undefined;
    const where = kind === 'bool_gauge' ? join(here, 'metric') : join(here, `${field}.metric`);
    if (typeof text !== 'string' || text.trim() === '') {
      issues.error(slo, where, 'is required (a metric selector like http_requests_total{job="api"})');
      return undefined;
    }
    const parsed = parseSelector(text.trim());
    if (!parsed) {
      issues.error(
        slo,
        where,
        `expected a metric selector like http_requests_total{job="api",code=~"5.."} (Pyrra wraps it in rate()), got ${JSON.stringify(text)}`
      );
    }
    return parsed;
  };
  const sel = (s: ParsedSelector) => `${s.metric}${s.matchers.length ? `{${formatMatchers(s.matchers)}}` : ''}`;
  const rate = (s: ParsedSelector) => `sum(rate(${sel(s)}[${W}]))`;

  if (kind === 'bool_gauge') {
    issues.unknown(slo, here, body, ['metric', 'grouping']);
    const gauge = metric('metric');
    return (
      gauge && {
        indicator: {
          kind: 'ratio',
          goodQuery: `sum(sum_over_time(${sel(gauge)}[${W}]))`,
          totalQuery: `sum(count_over_time(${sel(gauge)}[${W}]))`,
        },
        at: join(here, 'metric'),
      }
    );
  }
  if (kind === 'ratio') {
    issues.unknown(slo, here, body, ['errors', 'total', 'grouping']);
    const errors = metric('errors');
    const total = metric('total');
    return (
      errors && total && { indicator: { kind: 'ratio', errorQuery: rate(errors), totalQuery: rate(total) }, at: here }
    );
  }
  issues.unknown(slo, here, body, ['success', 'total', 'grouping']);
  const success = metric('success');
  const total = metric('total');
  if (!success || !total) {
    return undefined;
  }
  const le = success.matchers.find((m) => m.name === 'le');
  if (!le || le.op !== '=' || !Number.isFinite(Number(le.value))) {
    issues.error(slo, join(here, 'success.metric'), 'must match one bucket with le="<seconds>"');
    return undefined;
  }
  const others = success.matchers.filter((m) => m !== le);
  const sameMatchers = formatMatchers(sort(others)) === formatMatchers(sort(total.matchers));
  const base = success.metric.replace(/_bucket$/, '');
  if (success.metric.endsWith('_bucket') && total.metric === `${base}_count` && sameMatchers && Number(le.value) > 0) {
    return {
      indicator: {
        kind: 'latency',
        histogramMetric: success.metric,
        threshold: Number(le.value),
        selector: formatMatchers(others),
      },
      at: here,
    };
  }
  // Not one histogram's bucket and count: still exactly Pyrra's SLI, as a good/total ratio.
  return { indicator: { kind: 'ratio', goodQuery: rate(success), totalQuery: rate(total) }, at: here };
}

function pyrraAlerting(
  value: unknown,
  at: string,
  slo: string | undefined,
  issues: Issues
): SloInput['alerting'] | undefined {
  if (value === undefined || value === null) {
    return { name: 'ErrorBudgetBurn' };
  }
  if (!isMapping(value)) {
    issues.error(slo, at, 'expected a mapping');
    return undefined;
  }
  issues.unknown(slo, at, value, ['disabled', 'burnrates', 'absent', 'name', 'absentName']);
  if (value.absent === true || typeof value.absentName === 'string') {
    issues.warn(
      slo,
      join(at, value.absent === true ? 'absent' : 'absentName'),
      'absent-metric alerts are not generated; only the burn-rate alerts are'
    );
  }
  const out: NonNullable<SloInput['alerting']> = {
    name: typeof value.name === 'string' && value.name ? value.name : 'ErrorBudgetBurn',
  };
  if (value.disabled === true || value.burnrates === false) {
    out.disabled = true;
  }
  return out;
}

function sort<T extends { name: string }>(matchers: T[]): T[] {
  return [...matchers].sort((a, b) => a.name.localeCompare(b.name));
}
