// The config file's schema, as written in YAML (durations still strings). Defaults live here so the file,
// the example config and `loadConfig` agree on them. `errorMessage` is our own keyword: it turns a failed
// pattern or format into a message an operator understands ("expected a duration like \"5m\"").
import { FormatRegistry, Type, type Static } from '@sinclair/typebox';
import { isDuration } from './duration.ts';
import { DEFAULT_JOBS, DEFAULT_NODES_QUERY, DEFAULT_PENDING_PODS_QUERY } from './default-jobs.ts';

FormatRegistry.Set('prophet-duration', isDuration);

const Duration = (defaultValue?: string) =>
  Type.String({
    format: 'prophet-duration',
    errorMessage: 'a duration like "5m"',
    ...(defaultValue === undefined ? {} : { default: defaultValue }),
  });

// Job names end up in ids, URLs and metric labels: keep them to DNS-label characters.
const JobName = Type.String({
  pattern: '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$',
  errorMessage: 'a DNS-label-like name (lowercase letters, digits and "-", at most 63 characters)',
});

const NonEmpty = Type.String({ minLength: 1, errorMessage: 'a non-empty string' });
const Level = Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, errorMessage: 'a number between 0 and 1' });
const Direction = Type.Union([Type.Literal('above'), Type.Literal('below')]);
const LogLevel = Type.Union(
  ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
  { default: 'info' }
);
const strict = { additionalProperties: false } as const;

// Exactly one of value/query is checked after schema validation, where the message can say so plainly.
const Threshold = Type.Object(
  { value: Type.Optional(Type.Number()), query: Type.Optional(NonEmpty), direction: Direction },
  strict
);

const ForecastJob = Type.Object(
  {
    name: JobName,
    title: Type.Optional(Type.String()),
    query: NonEmpty,
    unit: Type.Optional(Type.String()),
    step: Type.Optional(Duration()),
    trainingWindow: Type.Optional(Duration()),
    horizon: Type.Optional(Duration()),
    level: Type.Optional(Level),
    refreshInterval: Type.Optional(Duration()),
    seasonality: Type.Optional(Type.Array(Duration())),
    threshold: Type.Optional(Threshold),
  },
  strict
);

export const ConfigFileSchema = Type.Object(
  {
    server: Type.Object(
      {
        host: Type.String({ minLength: 1, default: '127.0.0.1' }),
        port: Type.Integer({ minimum: 0, maximum: 65535, default: 8787, errorMessage: 'a port number 0-65535' }),
        token: Type.String({ default: '' }),
        tokenFile: Type.String({ default: '' }),
        logLevel: LogLevel,
      },
      { ...strict, default: {} }
    ),
    prometheus: Type.Object(
      {
        url: Type.String({ pattern: '^(https?://.+)?$', default: '', errorMessage: 'an http(s) URL or ""' }),
        timeout: Duration('10s'),
        retries: Type.Integer({ minimum: 0, maximum: 10, default: 2 }),
        headers: Type.Record(Type.String(), Type.String(), { default: {} }),
      },
      { ...strict, default: {} }
    ),
    simulator: Type.Object({ seed: Type.Integer({ default: 42 }) }, { ...strict, default: {} }),
    // Grafana's identity tokens (X-Grafana-Id) on /api/*: verified against Grafana's published signing keys.
    grafana: Type.Object(
      {
        url: Type.String({
          pattern: '^(https?://[^\\s]+)?$',
          default: '',
          errorMessage: 'Grafana\'s root URL (http(s)://…) or "" to leave identity unverified',
        }),
        orgId: Type.Integer({ minimum: 1, default: 1, errorMessage: 'an organisation id (an integer of at least 1)' }),
        jwksUrl: Type.String({ pattern: '^(https?://[^\\s]+)?$', default: '', errorMessage: 'an http(s) URL or ""' }),
        requireIdentity: Type.Boolean({ default: true }),
      },
      { ...strict, default: {} }
    ),
    store: Type.Object(
      { sqlitePath: Type.String({ minLength: 1, default: 'data/prophet.db' }) },
      { ...strict, default: {} }
    ),
    forecasts: Type.Object(
      {
        defaults: Type.Object(
          {
            step: Duration('5m'),
            trainingWindow: Duration('7d'),
            horizon: Duration('6h'),
            level: Type.Number({ ...Level, default: 0.95 }),
            refreshInterval: Duration('5m'),
          },
          { ...strict, default: {} }
        ),
        jobs: Type.Array(ForecastJob, { default: DEFAULT_JOBS }),
      },
      { ...strict, default: {} }
    ),
    capacity: Type.Object(
      {
        nodepool: Type.String({ minLength: 1, default: 'default' }),
        pendingPodsQuery: Type.String({ minLength: 1, default: DEFAULT_PENDING_PODS_QUERY }),
        nodesQuery: Type.String({ minLength: 1, default: DEFAULT_NODES_QUERY }),
        podsPerNode: Type.Integer({ minimum: 1, default: 20 }),
        step: Duration('1m'),
        trainingWindow: Duration('1d'),
        refreshInterval: Duration('1m'),
      },
      { ...strict, default: {} }
    ),
  },
  { ...strict, default: {} }
);

/** The config file as written (after defaults are filled in, before durations are parsed). */
export type ConfigFile = Static<typeof ConfigFileSchema>;
/** One entry of `forecasts.jobs` as written in the file. */
export type ForecastJobInput = Static<typeof ForecastJob>;
