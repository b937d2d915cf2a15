// SLO definitions: the type the rest of the sidecar uses, the schema of an SLO as written in YAML (config file
// `slos:` or a standalone SLO file) and its validation. Errors name the file, the SLO and the field:
//   slo error in slos.yaml: SLO "checkout-availability": slos[0].indicator.errorQuery: PromQL syntax error at …
// Queries carry Sloth's `{{.window}}` placeholder where the rate range goes, so one query serves every window.
import { FormatRegistry, Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { isDuration, parseDuration } from '../config/duration.ts';
import { fieldPath, schemaErrorMessage } from '../config/schema-errors.ts';
import { hasWindowPlaceholder, parseSelector, promqlSyntaxError, renderWindow, WINDOW_PLACEHOLDER } from './promql.ts';

if (!FormatRegistry.Has('prophet-duration')) {
  FormatRegistry.Set('prophet-duration', isDuration);
}

// ---------------------------------------------------------------------------------------------------------------
// The normalised type.

export type SloWindow = { kind: 'rolling'; duration: string } | { kind: 'calendar'; unit: 'month' };

/** errors/total or good/total: exactly one of errorQuery and goodQuery. */
export type RatioIndicator =
  | { kind: 'ratio'; errorQuery: string; totalQuery: string; goodQuery?: undefined }
  | { kind: 'ratio'; goodQuery: string; totalQuery: string; errorQuery?: undefined };

/** Share of requests slower than `threshold` seconds, from a classic histogram's `_bucket` and `_count` series. */
export interface LatencyIndicator {
  kind: 'latency';
  /** The `_bucket` series, e.g. `http_request_duration_seconds_bucket`. */
  histogramMetric: string;
  /** The bucket boundary (the `le` value), in the histogram's unit (seconds by convention). */
  threshold: number;
  /** Label matchers for the service, without braces: `job="checkout",route!="/healthz"`. */
  selector: string;
}

/** An error ratio query as is (Sloth's `sli.raw.error_ratio_query`). */
export interface RawIndicator {
  kind: 'raw';
  errorRatioQuery: string;
}

export type SloIndicator = RatioIndicator | LatencyIndicator | RawIndicator;

export interface SloAlertOverrides {
  disabled?: boolean;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface SloAlerting {
  /** No alert rules at all (recording rules are still generated). */
  disabled?: boolean;
  /** Alert name for both severities; default "SLOErrorBudgetBurn". */
  name?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  page?: SloAlertOverrides;
  ticket?: SloAlertOverrides;
}

export interface SloSpec {
  /** Unique within its service; ends up in the `sloth_slo` label. */
  name: string;
  /** The `sloth_service` label; defaults to the SLO name when absent. */
  service?: string;
  title?: string;
  description?: string;
  /** Target share of good events, 0 < objective < 1 (0.999 for 99.9%). */
  objective: number;
  window: SloWindow;
  indicator: SloIndicator;
  /** Extra labels on every generated series. */
  labels?: Record<string, string>;
  alerting?: SloAlerting;
}

/** A problem (error or warning) in an SLO definition, located like config issues are. */
export interface SloIssue {
  /** The file (or "config") the SLO came from. */
  source: string;
  /** The SLO's name, when known. */
  slo?: string;
  /** Where in the source: "slos[0].indicator.errorQuery", "document 2: spec.indicator.ratio.grouping". */
  field: string;
  message: string;
}

export function formatSloIssue(issue: SloIssue, severity: 'error' | 'warning'): string {
  const slo = issue.slo === undefined ? '' : `SLO ${JSON.stringify(issue.slo)}: `;
  return `slo ${severity} in ${issue.source}: ${slo}${issue.field ? `${issue.field}: ` : ''}${issue.message}`;
}

export class SloError extends Error {
  override name = 'SloError';
  readonly issues: SloIssue[];
  readonly warnings: SloIssue[];

  constructor(issues: SloIssue[], warnings: SloIssue[] = []) {
    super(issues.map((i) => formatSloIssue(i, 'error')).join('\n'));
    this.issues = issues;
    this.warnings = warnings;
  }
}

/** The SLO's id, as Sloth builds `sloth_id`: "<service>-<name>". */
export function sloId(slo: SloSpec): string {
  return `${sloService(slo)}-${slo.name}`;
}

export function sloService(slo: SloSpec): string {
  return slo.service ?? slo.name;
}

/** Milliseconds in the SLO window; a calendar month counts as 30 days (what the Prometheus rules use). */
export function windowMs(window: SloWindow): number {
  return window.kind === 'rolling' ? parseDuration(window.duration) : 30 * 86_400_000;
}

// ---------------------------------------------------------------------------------------------------------------
// The schema as written.

const Duration = Type.String({ format: 'prophet-duration', errorMessage: 'a duration like "30d"' });
const NonEmpty = Type.String({ minLength: 1, errorMessage: 'a non-empty string' });
const StringMap = Type.Record(Type.String(), Type.String(), { errorMessage: 'a mapping of strings' });
const strict = { additionalProperties: false } as const;

// Names end up in label values and rule group names: letters, digits, "-", "_" and ".".
const SloName = Type.String({
  pattern: '^[A-Za-z0-9]([-A-Za-z0-9_.]{0,126}[A-Za-z0-9])?$',
  errorMessage: 'a name of letters, digits, "-", "_" or "." (at most 128 characters, starting and ending alphanumeric)',
});

const SloWindowInput = Type.Union(
  [
    Duration,
    Type.Literal('calendar-month'),
    Type.Object({ kind: Type.Literal('rolling'), duration: Duration }, strict),
    Type.Object({ kind: Type.Literal('calendar'), unit: Type.Literal('month') }, strict),
  ],
  {
    errorMessage:
      'a rolling window like "30d", "calendar-month", {kind: rolling, duration: 30d} or {kind: calendar, unit: month}',
  }
);

// One object for every kind, so a missing or misplaced field gets a plain message naming it (checked below).
const SloIndicatorInput = Type.Object(
  {
    kind: Type.Union([Type.Literal('ratio'), Type.Literal('latency'), Type.Literal('raw')]),
    errorQuery: Type.Optional(NonEmpty),
    goodQuery: Type.Optional(NonEmpty),
    totalQuery: Type.Optional(NonEmpty),
    errorRatioQuery: Type.Optional(NonEmpty),
    histogramMetric: Type.Optional(NonEmpty),
    threshold: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, errorMessage: 'a positive number (the bucket boundary, in seconds)' })
    ),
    selector: Type.Optional(Type.String()),
  },
  strict
);

const AlertOverridesInput = Type.Object(
  { disabled: Type.Optional(Type.Boolean()), labels: Type.Optional(StringMap), annotations: Type.Optional(StringMap) },
  strict
);

const SloAlertingInput = Type.Object(
  {
    disabled: Type.Optional(Type.Boolean()),
    name: Type.Optional(
      Type.String({
        pattern: '^[a-zA-Z_][a-zA-Z0-9_]*$',
        errorMessage: 'an alert name (letters, digits and "_", not starting with a digit)',
      })
    ),
    labels: Type.Optional(StringMap),
    annotations: Type.Optional(StringMap),
    page: Type.Optional(AlertOverridesInput),
    ticket: Type.Optional(AlertOverridesInput),
  },
  strict
);

/** One SLO as written in YAML (config `slos:` entries and standalone SLO files). */
export const SloInputSchema = Type.Object(
  {
    name: SloName,
    service: Type.Optional(SloName),
    title: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    objective: Type.Number({
      exclusiveMinimum: 0,
      exclusiveMaximum: 1,
      errorMessage: 'a ratio between 0 and 1, exclusive (0.999 for 99.9%)',
    }),
    window: SloWindowInput,
    indicator: SloIndicatorInput,
    labels: Type.Optional(StringMap),
    alerting: Type.Optional(SloAlertingInput),
  },
  strict
);
export type SloInput = Static<typeof SloInputSchema>;

const SloListSchema = Type.Array(SloInputSchema);

// ---------------------------------------------------------------------------------------------------------------
// Validation.

export interface ValidateOptions {
  /** File name (or "config") for messages. */
  source: string;
  /**
   * Where field `field` of entry `index` sits in the source; default `slos[index].field`. Importers map our
   * fields to theirs ("indicator.errorQuery" → "slos[0].sli.events.error_query").
   */
  locate?: (index: number, field: string) => string;
}

export interface ValidatedSlos {
  slos: SloSpec[];
  warnings: SloIssue[];
}

const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
/** Labels the generated rules set themselves. */
export const RESERVED_LABELS = ['sloth_id', 'sloth_service', 'sloth_slo', 'sloth_window', 'sloth_severity'];
const MIN_WINDOW_MS = 86_400_000;

/** Validates a list of SLOs as written; throws SloError naming every problem, returns the SLOs and warnings. */
export function validateSlos(raw: unknown, options: ValidateOptions): ValidatedSlos {
  const locate = options.locate ?? ((i: number, field: string) => (field ? `slos[${i}].${field}` : `slos[${i}]`));
  const list = Array.isArray(raw) ? raw : undefined;
  if (!list) {
    throw new SloError([{ source: options.source, field: 'slos', message: 'expected a list of SLOs' }]);
  }
  const issues: SloIssue[] = [];
  const warnings: SloIssue[] = [];
  const nameOf = (i: number): string | undefined => {
    const name = (list[i] as { name?: unknown } | null)?.name;
    return typeof name === 'string' ? name : undefined;
  };
  const issue = (i: number, field: string, message: string): SloIssue => ({
    source: options.source,
    slo: nameOf(i),
    field: locate(i, field),
    message,
  });

  // Schema: the first error per field.
  const seen = new Set<string>();
  for (const error of Value.Errors(SloListSchema, list)) {
    const path = fieldPath(error.path); // "[0].indicator.kind"
    const match = /^\[(\d+)\]\.?(.*)$/.exec(path);
    const index = match ? Number(match[1]) : 0;
    const field = match ? match[2] : path;
    const key = `${index}:${field}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue(index, field, schemaErrorMessage(error)));
    }
  }
  if (issues.length > 0) {
    throw new SloError(issues);
  }

  const inputs = list as SloInput[];
  const ids = new Map<string, number>();
  const slos = inputs.map((input, i) => {
    const slo = normalize(input);
    const problems = checkSlo(slo);
    problems.errors.unshift(...indicatorShapeErrors(input.indicator));
    for (const p of problems.errors) {
      issues.push(issue(i, p.field, p.message));
    }
    for (const p of problems.warnings) {
      warnings.push(issue(i, p.field, p.message));
    }
    const id = sloId(slo);
    const earlier = ids.get(id);
    if (earlier !== undefined) {
      issues.push(
        issue(i, 'name', `duplicate SLO "${slo.name}" of service "${sloService(slo)}" (also ${locate(earlier, '')})`)
      );
    } else {
      ids.set(id, i);
    }
    return slo;
  });
  if (issues.length > 0) {
    throw new SloError(issues, warnings);
  }
  return { slos, warnings };
}

function normalize(input: SloInput): SloSpec {
  const window: SloWindow =
    typeof input.window === 'string'
      ? input.window === 'calendar-month'
        ? { kind: 'calendar', unit: 'month' }
        : { kind: 'rolling', duration: input.window }
      : input.window.kind === 'rolling'
        ? { kind: 'rolling', duration: input.window.duration }
        : { kind: 'calendar', unit: 'month' };
  const ind = input.indicator;
  const indicator = (
    ind.kind === 'ratio'
      ? ind.errorQuery !== undefined
        ? { kind: 'ratio', errorQuery: ind.errorQuery, totalQuery: ind.totalQuery }
        : { kind: 'ratio', goodQuery: ind.goodQuery, totalQuery: ind.totalQuery }
      : ind.kind === 'latency'
        ? {
            kind: 'latency',
            histogramMetric: ind.histogramMetric,
            threshold: ind.threshold,
            selector: ind.selector ?? '',
          }
        : { kind: 'raw', errorRatioQuery: ind.errorRatioQuery }
  ) as SloIndicator;
  const slo: SloSpec = { name: input.name, objective: input.objective, window, indicator };
  for (const key of ['service', 'title', 'description', 'labels', 'alerting'] as const) {
    if (input[key] !== undefined) {
      (slo as unknown as Record<string, unknown>)[key] = input[key];
    }
  }
  return slo;
}

interface Problems {
  errors: Array<{ field: string; message: string }>;
  warnings: Array<{ field: string; message: string }>;
}

const INDICATOR_FIELDS: Record<SloIndicator['kind'], string[]> = {
  ratio: ['errorQuery', 'goodQuery', 'totalQuery'],
  latency: ['histogramMetric', 'threshold', 'selector'],
  raw: ['errorRatioQuery'],
};

/** Semantic checks on one normalised SLO (fields relative to the SLO). */
export function checkSlo(slo: SloSpec): Problems {
  const errors: Problems['errors'] = [];
  const warnings: Problems['warnings'] = [];
  if (slo.window.kind === 'rolling' && parseDuration(slo.window.duration) < MIN_WINDOW_MS) {
    errors.push({
      field: 'window',
      message: `must be at least 1d (burn rates are measured over up to 3d), got "${slo.window.duration}"`,
    });
  }
  checkLabels(slo.labels, 'labels', errors);
  checkLabels(slo.alerting?.labels, 'alerting.labels', errors);
  checkLabels(slo.alerting?.page?.labels, 'alerting.page.labels', errors);
  checkLabels(slo.alerting?.ticket?.labels, 'alerting.ticket.labels', errors);

  const ind = slo.indicator as unknown as Record<string, unknown>;
  const query = (field: string) => {
    const text = ind[field];
    if (typeof text !== 'string') {
      errors.push({ field: `indicator.${field}`, message: `is required for kind "${slo.indicator.kind}"` });
      return;
    }
    if (!hasWindowPlaceholder(text)) {
      errors.push({
        field: `indicator.${field}`,
        message: `must use the ${WINDOW_PLACEHOLDER} placeholder as its range (e.g. rate(http_requests_total[${WINDOW_PLACEHOLDER}])), so each burn-rate window gets its own range`,
      });
      return;
    }
    const syntax = promqlSyntaxError(renderWindow(text, '5m'));
    if (syntax) {
      errors.push({ field: `indicator.${field}`, message: syntax });
    }
  };
  switch (slo.indicator.kind) {
    case 'ratio': {
      const raw = slo.indicator as { errorQuery?: string; goodQuery?: string };
      if (raw.errorQuery !== undefined) {
        query('errorQuery');
      } else if (raw.goodQuery !== undefined) {
        query('goodQuery');
      }
      query('totalQuery');
      break;
    }
    case 'raw':
      query('errorRatioQuery');
      break;
    case 'latency': {
      const { histogramMetric, threshold, selector } = slo.indicator;
      if (histogramMetric === undefined) {
        errors.push({ field: 'indicator.histogramMetric', message: 'is required for kind "latency"' });
      } else if (!METRIC_NAME_RE.test(histogramMetric) || !histogramMetric.endsWith('_bucket')) {
        errors.push({
          field: 'indicator.histogramMetric',
          message: `expected a histogram's bucket series name ending in "_bucket", got ${JSON.stringify(histogramMetric)}`,
        });
      }
      if (threshold === undefined) {
        errors.push({
          field: 'indicator.threshold',
          message: 'is required for kind "latency" (the le bucket boundary, in seconds)',
        });
      }
      if (histogramMetric !== undefined && METRIC_NAME_RE.test(histogramMetric)) {
        const parsed = parseSelector(`${histogramMetric}{${selector}}`);
        if (!parsed) {
          errors.push({
            field: 'indicator.selector',
            message: `expected label matchers like job="api",route!="/healthz", got ${JSON.stringify(selector)}`,
          });
        } else if (parsed.matchers.some((m) => m.name === 'le')) {
          errors.push({ field: 'indicator.selector', message: 'must not match "le": the threshold picks the bucket' });
        }
      }
      break;
    }
  }
  return { errors, warnings };
}

/** Fields of another kind (a totalQuery on a latency indicator) and both or neither of errorQuery and goodQuery. */
function indicatorShapeErrors(indicator: SloInput['indicator']): Problems['errors'] {
  const errors: Problems['errors'] = [];
  const own = INDICATOR_FIELDS[indicator.kind];
  for (const [kind, fields] of Object.entries(INDICATOR_FIELDS)) {
    for (const field of fields) {
      if (!own.includes(field) && (indicator as Record<string, unknown>)[field] !== undefined) {
        errors.push({ field: `indicator.${field}`, message: `belongs to kind "${kind}", not "${indicator.kind}"` });
      }
    }
  }
  if (indicator.kind === 'ratio' && (indicator.errorQuery === undefined) === (indicator.goodQuery === undefined)) {
    errors.push({ field: 'indicator', message: 'set exactly one of errorQuery and goodQuery' });
  }
  return errors;
}

function checkLabels(labels: Record<string, string> | undefined, field: string, errors: Problems['errors']): void {
  for (const name of Object.keys(labels ?? {})) {
    if (!LABEL_NAME_RE.test(name) || name.startsWith('__')) {
      errors.push({ field: `${field}.${name}`, message: 'not a valid Prometheus label name' });
    } else if (RESERVED_LABELS.includes(name)) {
      errors.push({ field: `${field}.${name}`, message: 'is set by the generated rules and cannot be overridden' });
    }
  }
}
