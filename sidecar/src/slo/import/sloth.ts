// Sloth SLO specs → our SLOs. Two shapes of one spec:
// - `version: "prometheus/v1"` files (snake_case: sli.events.error_query, alerting.page_alert, …), and
// - the Kubernetes custom resource `apiVersion: sloth.slok.dev/v1, kind: PrometheusServiceLevel` (camelCase:
//   sli.events.errorQuery, alerting.pageAlert, …).
// Sloth's objective is a percentage (99.9); its period is not in the spec (a CLI flag, 30d by default), so it is an
// option here. Errors name Sloth's own fields: "slos[1].sli.plugin: … not supported".
import type { SloInput, SloSpec } from '../spec.ts';
import { Issues, isMapping, join, percentToRatio, stringMap, type ImportResult, type Json } from './common.ts';

export interface SlothImportOptions {
  /** File name for messages. */
  source: string;
  /** Sloth's `--default-slo-period`; "30d" unless given. */
  period?: string;
  /** "document 2: " style prefix for multi-document files. */
  at?: string;
}

type Naming = 'snake' | 'camel';

const NAMES = {
  snake: {
    error: 'error_query',
    total: 'total_query',
    ratio: 'error_ratio_query',
    page: 'page_alert',
    ticket: 'ticket_alert',
  },
  camel: {
    error: 'errorQuery',
    total: 'totalQuery',
    ratio: 'errorRatioQuery',
    page: 'pageAlert',
    ticket: 'ticketAlert',
  },
} as const;

/** A Sloth `prometheus/v1` document (the parsed YAML). */
export function importSlothSpec(doc: Json, options: SlothImportOptions): ImportResult {
  return importSloth(doc, options.at ?? '', 'snake', options);
}

/** A Sloth `PrometheusServiceLevel` custom resource (the parsed YAML). */
export function importSlothKubernetes(doc: Json, options: SlothImportOptions): ImportResult {
  const issues = new Issues(options.source);
  const at = options.at ?? '';
  if (!isMapping(doc.spec)) {
    issues.error(undefined, join(at, 'spec'), 'is required (a mapping with service and slos)');
    return issues.result([]);
  }
  return importSloth(doc.spec, join(at, 'spec'), 'camel', options);
}

function importSloth(doc: Json, at: string, naming: Naming, options: SlothImportOptions): ImportResult {
  const issues = new Issues(options.source);
  const names = NAMES[naming];
  issues.unknown(
    undefined,
    at,
    doc,
    naming === 'snake' ? ['version', 'service', 'labels', 'slos'] : ['service', 'labels', 'slos']
  );
  const service = doc.service;
  if (typeof service !== 'string' || service === '') {
    issues.error(undefined, join(at, 'service'), 'is required (the sloth_service label)');
  }
  const commonLabels = stringMap(issues, undefined, join(at, 'labels'), doc.labels) ?? {};
  if (!Array.isArray(doc.slos) || doc.slos.length === 0) {
    issues.error(undefined, join(at, 'slos'), 'expected a non-empty list of SLOs');
    return issues.result([]);
  }
  const slos: SloSpec[] = [];
  doc.slos.forEach((raw: unknown, i: number) => {
    const here = join(at, `slos[${i}]`);
    if (!isMapping(raw)) {
      issues.error(undefined, here, 'expected a mapping');
      return;
    }
    const name = typeof raw.name === 'string' ? raw.name : undefined;
    issues.unknown(name, here, raw, ['name', 'objective', 'description', 'labels', 'sli', 'alerting']);
    const before = issues.errors.length;
    const objective = raw.objective;
    if (typeof objective !== 'number') {
      issues.error(name, join(here, 'objective'), `expected a percentage like 99.9, got ${JSON.stringify(objective)}`);
    } else if (objective > 0 && objective <= 1) {
      issues.warn(
        name,
        join(here, 'objective'),
        `Sloth objectives are percentages: ${objective} means ${objective}% (did you mean ${objective * 100}?)`
      );
    }
    const indicator = slothIndicator(raw.sli, join(here, 'sli'), name, names, issues);
    const labels = { ...commonLabels, ...(stringMap(issues, name, join(here, 'labels'), raw.labels) ?? {}) };
    const alerting = slothAlerting(raw.alerting, join(here, 'alerting'), name, names, issues);
    if (issues.errors.length > before || typeof service !== 'string' || !indicator || typeof objective !== 'number') {
      return;
    }
    const input: SloInput = {
      name: name as string,
      service,
      objective: percentToRatio(objective),
      window: options.period ?? '30d',
      indicator,
      ...(typeof raw.description === 'string' ? { description: raw.description } : {}),
      ...(Object.keys(labels).length > 0 ? { labels } : {}),
      ...(alerting ? { alerting } : {}),
    };
    const slo = issues.validate(input, (field) =>
      field === 'service' ? join(at, 'service') : join(here, slothField(field, names))
    );
    if (slo) {
      slos.push(slo);
    }
  });
  return issues.result(slos);
}

function slothIndicator(
  sli: unknown,
  at: string,
  slo: string | undefined,
  names: (typeof NAMES)[Naming],
  issues: Issues
): SloInput['indicator'] | undefined {
  if (!isMapping(sli)) {
    issues.error(slo, at, 'is required (sli.events or sli.raw)');
    return undefined;
  }
  issues.unknown(slo, at, sli, ['events', 'raw', 'plugin']);
  const kinds = ['events', 'raw', 'plugin'].filter((k) => sli[k] !== undefined);
  if (kinds.length !== 1) {
    issues.error(
      slo,
      at,
      `set exactly one of events, raw or plugin${kinds.length ? ` (found ${kinds.join(', ')})` : ''}`
    );
    return undefined;
  }
  if (sli.plugin !== undefined) {
    const id = isMapping(sli.plugin) && typeof sli.plugin.id === 'string' ? ` "${sli.plugin.id}"` : '';
    issues.error(
      slo,
      join(at, 'plugin'),
      `SLI plugin${id} is not supported: Sloth plugins are Go code run by Sloth itself; write the SLI as sli.events (error and total queries) or sli.raw`
    );
    return undefined;
  }
  if (sli.events !== undefined) {
    const events = isMapping(sli.events) ? sli.events : {};
    issues.unknown(slo, join(at, 'events'), events, [names.error, names.total]);
    return { kind: 'ratio', errorQuery: events[names.error] as string, totalQuery: events[names.total] as string };
  }
  const raw = isMapping(sli.raw) ? sli.raw : {};
  issues.unknown(slo, join(at, 'raw'), raw, [names.ratio]);
  return { kind: 'raw', errorRatioQuery: raw[names.ratio] as string };
}

function slothAlerting(
  alerting: unknown,
  at: string,
  slo: string | undefined,
  names: (typeof NAMES)[Naming],
  issues: Issues
): SloInput['alerting'] | undefined {
  if (alerting === undefined || alerting === null) {
    return undefined;
  }
  if (!isMapping(alerting)) {
    issues.error(slo, at, 'expected a mapping');
    return undefined;
  }
  issues.unknown(slo, at, alerting, ['name', 'labels', 'annotations', names.page, names.ticket]);
  const out: NonNullable<SloInput['alerting']> = {};
  if (typeof alerting.name === 'string') {
    out.name = alerting.name;
  }
  const labels = stringMap(issues, slo, join(at, 'labels'), alerting.labels);
  const annotations = stringMap(issues, slo, join(at, 'annotations'), alerting.annotations);
  if (labels) {
    out.labels = labels;
  }
  if (annotations) {
    out.annotations = annotations;
  }
  for (const [ours, theirs] of [
    ['page', names.page],
    ['ticket', names.ticket],
  ] as const) {
    const alert = alerting[theirs];
    if (alert === undefined || alert === null) {
      continue;
    }
    if (!isMapping(alert)) {
      issues.error(slo, join(at, theirs), 'expected a mapping');
      continue;
    }
    issues.unknown(slo, join(at, theirs), alert, ['disable', 'labels', 'annotations']);
    const overrides: NonNullable<NonNullable<SloInput['alerting']>['page']> = {};
    if (alert.disable === true) {
      overrides.disabled = true;
    }
    const l = stringMap(issues, slo, join(at, `${theirs}.labels`), alert.labels);
    const a = stringMap(issues, slo, join(at, `${theirs}.annotations`), alert.annotations);
    if (l) {
      overrides.labels = l;
    }
    if (a) {
      overrides.annotations = a;
    }
    out[ours] = overrides;
  }
  return out;
}

/** Our field path → Sloth's, for messages. */
function slothField(field: string, names: (typeof NAMES)[Naming]): string {
  return field
    .replace(/^indicator\.errorQuery/, `sli.events.${names.error}`)
    .replace(/^indicator\.totalQuery/, `sli.events.${names.total}`)
    .replace(/^indicator\.errorRatioQuery/, `sli.raw.${names.ratio}`)
    .replace(/^indicator$/, 'sli')
    .replace(/^alerting\.page\./, `alerting.${names.page}.`)
    .replace(/^alerting\.ticket\./, `alerting.${names.ticket}.`)
    .replace(/^window$/, '(SLO period)');
}
