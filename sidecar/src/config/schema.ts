// The config file's schema, as written in YAML (durations still strings). Defaults live here so the file,
// the example config and `loadConfig` agree on them. `errorMessage` is our own keyword: it turns a failed
// pattern or format into a message an operator understands ("expected a duration like \"5m\"").
import { FormatRegistry, Type, type Static } from '@sinclair/typebox';
import { isDuration } from './duration.ts';
import { DEFAULT_JOBS, DEFAULT_NODES_QUERY, DEFAULT_PENDING_PODS_QUERY } from './default-jobs.ts';
import { DEFAULT_ANOMALY_JOBS, DEFAULT_OUTLIER_JOBS } from './default-detection-jobs.ts';
import { DEFAULT_ANOMALY_THRESHOLD } from '../ml/index.ts';
import { SloInputSchema } from '../slo/spec.ts';

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

// Anomaly score threshold: a point scoring at or above it is anomalous.
const Sensitivity = Type.Number({ minimum: 0, maximum: 1, errorMessage: 'a score threshold between 0 and 1' });

// Where a drift's time-to-limit comes from: a fixed number or a query matched to each series by labels.
const Limit = Type.Object({ value: Type.Optional(Type.Number()), query: Type.Optional(NonEmpty) }, strict);

const AnomalyJob = Type.Object(
  {
    name: JobName,
    title: Type.Optional(Type.String()),
    query: NonEmpty,
    unit: Type.Optional(Type.String()),
    step: Type.Optional(Duration()),
    trainingWindow: Type.Optional(Duration()),
    detectionWindow: Type.Optional(Duration()),
    refreshInterval: Type.Optional(Duration()),
    seasonality: Type.Optional(Type.Array(Duration())),
    sensitivity: Type.Optional(Sensitivity),
    limit: Type.Optional(Limit),
    // The forecast job whose series this job's series link to (same labels); default: a forecast job with the same query.
    forecastJob: Type.Optional(JobName),
  },
  strict
);

// Label names as Prometheus allows them.
const LabelName = Type.String({
  pattern: '^[a-zA-Z_][a-zA-Z0-9_]*$',
  errorMessage: 'a Prometheus label name (letters, digits and "_", not starting with a digit)',
});
const FeatureName = Type.String({
  pattern: '^[a-zA-Z_][a-zA-Z0-9_-]{0,62}$',
  errorMessage: 'a feature name (letters, digits, "_" and "-", at most 63 characters)',
});

const OutlierJob = Type.Object(
  {
    name: JobName,
    title: Type.Optional(Type.String()),
    groupBy: Type.Array(LabelName, { minItems: 1, errorMessage: 'a non-empty list of label names' }),
    member: LabelName,
    features: Type.Record(FeatureName, NonEmpty, { errorMessage: 'a mapping of feature name to PromQL query' }),
    step: Type.Optional(Duration()),
    trainingWindow: Type.Optional(Duration()),
    detectionWindow: Type.Optional(Duration()),
    refreshInterval: Type.Optional(Duration()),
    algorithm: Type.Optional(Type.Union([Type.Literal('dbscan'), Type.Literal('mad')])),
    threshold: Type.Optional(Type.Number({ exclusiveMinimum: 0, errorMessage: 'a positive number' })),
    minRelativeDeviation: Type.Optional(Type.Number({ minimum: 0, errorMessage: 'a number of at least 0' })),
    minDeviation: Type.Optional(Type.Record(FeatureName, Type.Number({ minimum: 0 }))),
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
    simulator: Type.Object(
      {
        seed: Type.Integer({ default: 42 }),
        // How far into its scripted incident timeline the simulated cluster is when the demo starts: 2h shows a
        // memory leak about to OOM-kill, a traffic spike being scaled out, an error-budget burn and their alerts.
        startAt: Duration('2h'),
        // Deliver the alerts our rules would fire on the simulated cluster to the alert receiver, as Alertmanager
        // would (they open the demo's incidents).
        alerts: Type.Boolean({ default: true }),
      },
      { ...strict, default: {} }
    ),
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
    // Alertmanager's webhook (POST /api/alertmanager/webhook) is authenticated by its own bearer token, separate from
    // server.token: Alertmanager calls the sidecar directly. Neither set: the webhook answers 503.
    alertmanager: Type.Object(
      {
        webhookToken: Type.String({ default: '' }),
        // Alertmanager's own URL (API v2), for the `silence` remediation action; "" = that action is unavailable.
        url: Type.String({ pattern: '^(https?://.+)?$', default: '', errorMessage: 'an http(s) URL or ""' }),
        // A file holding the token, e.g. the same mounted secret Alertmanager reads as its credentials_file.
        webhookTokenFile: Type.String({ default: '' }),
      },
      { ...strict, default: {} }
    ),
    // K8sGPT Results and Events from the Kubernetes API (live mode; demo mode always uses the simulated cluster's).
    kubernetes: Type.Object(
      {
        enabled: Type.Boolean({ default: false }),
        // "" : in-cluster when KUBERNETES_SERVICE_HOST is set, else the default kubeconfig ($KUBECONFIG, ~/.kube/config).
        kubeconfig: Type.String({ default: '' }),
        context: Type.String({ default: '' }),
        // Where the k8sgpt-operator writes its Results; "" watches every namespace.
        resultsNamespace: Type.String({ default: '' }),
        // Events are kept this long after their last occurrence, for incidents to cite.
        eventRetention: Duration('1h'),
      },
      { ...strict, default: {} }
    ),
    // `k8sgpt serve --http`, asked for an on-demand analysis of an incident's namespace; "" : never asked.
    k8sgpt: Type.Object(
      {
        analyzeUrl: Type.String({ pattern: '^(https?://[^\\s]+)?$', default: '', errorMessage: 'an http(s) URL or ""' }),
        analyzeTimeout: Duration('30s'),
      },
      { ...strict, default: {} }
    ),
    incidents: Type.Object(
      {
        // Firing alerts with one of these severity labels open an incident; others only join one.
        openOn: Type.Array(NonEmpty, { default: ['critical'], minItems: 1 }),
        // An alert about the same place joins an open incident when it starts within this of its last activity.
        joinWindow: Duration('30m'),
        // Evidence from this long before an incident opened counts as its possible cause.
        lookback: Duration('1h'),
        // Open incidents re-gather their evidence this often (and whenever a finding changes).
        refreshInterval: Duration('1m'),
        explainer: Type.Object(
          {
            provider: Type.Union([Type.Literal('built-in'), Type.Literal('openai'), Type.Literal('anthropic')], {
              default: 'built-in',
              errorMessage: 'one of "built-in", "openai" (any OpenAI-compatible API), "anthropic"',
            }),
            // OpenAI-compatible: the API root including /v1 (Ollama http://host:11434/v1); Anthropic: the host root.
            baseUrl: Type.String({ pattern: '^(https?://[^\\s]+)?$', default: '', errorMessage: 'an http(s) URL or ""' }),
            model: Type.String({ default: '' }),
            apiKey: Type.String({ default: '' }),
            apiKeyFile: Type.String({ default: '' }),
            timeout: Duration('30s'),
            // Mask namespaces, workload, pod and node names, IPs and host names before anything leaves the sidecar.
            anonymize: Type.Boolean({ default: true }),
            cacheSize: Type.Integer({ minimum: 0, maximum: 100_000, default: 256 }),
            cacheTtl: Duration('6h'),
          },
          { ...strict, default: {} }
        ),
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
    anomalies: Type.Object(
      {
        defaults: Type.Object(
          {
            step: Duration('5m'),
            trainingWindow: Duration('7d'),
            detectionWindow: Duration('6h'),
            refreshInterval: Duration('5m'),
            sensitivity: Type.Number({ ...Sensitivity, default: DEFAULT_ANOMALY_THRESHOLD }),
          },
          { ...strict, default: {} }
        ),
        jobs: Type.Array(AnomalyJob, { default: DEFAULT_ANOMALY_JOBS }),
      },
      { ...strict, default: {} }
    ),
    outliers: Type.Object(
      {
        defaults: Type.Object(
          {
            step: Duration('5m'),
            trainingWindow: Duration('1d'),
            detectionWindow: Duration('1h'),
            refreshInterval: Duration('5m'),
          },
          { ...strict, default: {} }
        ),
        jobs: Type.Array(OutlierJob, { default: DEFAULT_OUTLIER_JOBS }),
      },
      { ...strict, default: {} }
    ),
    // SLOs (see src/slo/spec.ts for each entry's fields); validated with validateSlos in load-config, which names
    // the SLO in its messages. Neither slos nor sloFiles set: the shipped DEFAULT_SLOS run.
    slos: Type.Array(SloInputSchema, { default: [] }),
    // SLO files (ours, Sloth prometheus/v1 or PrometheusServiceLevel, Pyrra ServiceLevelObjective), relative to
    // the config file.
    sloFiles: Type.Array(Type.String({ minLength: 1, errorMessage: 'a file path' }), { default: [] }),
    sloRules: Type.Object(
      {
        // Evaluation interval of the generated period-ratio groups (they read the whole SLO window's samples).
        periodInterval: Duration('5m'),
        // The period of Sloth specs, which carry none (Sloth's --default-slo-period).
        slothPeriod: Duration('30d'),
      },
      { ...strict, default: {} }
    ),
    // Remediation: policies turn incidents, alerts, findings, anomalies and forecasts into proposed actions that a
    // person approves (see src/remediation/policy/policy-schema.ts for a policy's fields). Neither policies nor
    // policyFiles set: the built-in policies (DEFAULT_REMEDIATION_POLICIES) run.
    remediation: Type.Object(
      {
        enabled: Type.Boolean({ default: true }),
        // Everything only dry-runs: proposals are made and approved, executions record what they would do.
        dryRun: Type.Boolean({ default: false }),
        // How often proposals are made, expired and verified.
        checkInterval: Duration('15s'),
        // Files of RemediationPolicy documents, relative to the config file.
        policyFiles: Type.Array(Type.String({ minLength: 1, errorMessage: 'a file path' }), { default: [] }),
        // Checked by the policy loader, whose messages name the line and the policy's field.
        policies: Type.Optional(
          Type.Array(Type.Unknown(), { errorMessage: 'a list of policies ({name, description, trigger, action})' })
        ),
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
/** One entry of `anomalies.jobs` as written in the file. */
export type AnomalyJobInput = Static<typeof AnomalyJob>;
/** One entry of `outliers.jobs` as written in the file. */
export type OutlierJobInput = Static<typeof OutlierJob>;
