// Loads the YAML config file, applies environment overrides, fills defaults and validates everything at
// start-up, so a bad deployment fails immediately with a message naming the field instead of at the first job run.
//
// Environment overrides (an empty variable counts as unset):
//
// | Variable                 | Overrides               | Notes                                              |
// | ------------------------ | ----------------------- | -------------------------------------------------- |
// | PROPHET_CONFIG           | (config file path)      | used when no `file` is passed (e.g. no --config)   |
// | PROPHET_HOST             | server.host             |                                                    |
// | PROPHET_PORT             | server.port             | integer 0-65535                                    |
// | PROPHET_TOKEN            | server.token            | replaces the file's token and tokenFile            |
// | PROPHET_TOKEN_FILE       | server.tokenFile        | replaces the file's token and tokenFile            |
// | PROPHET_LOG_LEVEL        | server.logLevel         | fatal, error, warn, info, debug, trace, silent     |
// | PROPHET_PROMETHEUS_URL   | prometheus.url          |                                                    |
// | PROPHET_SQLITE_PATH      | store.sqlitePath        | ":memory:" keeps nothing across restarts           |
// | PROPHET_SIM_SEED         | simulator.seed          | integer                                            |
// | PROPHET_GRAFANA_URL      | grafana.url             | Grafana root URL: X-Grafana-Id tokens are verified |
// | PROPHET_GRAFANA_JWKS_URL | grafana.jwksUrl         | where Grafana's signing keys are fetched from      |
// | PROPHET_ALERTMANAGER_URL        | alertmanager.url              |                                        |
// | PROPHET_ALERTMANAGER_TOKEN      | alertmanager.webhookToken     | replaces the file's webhookToken(File) |
// | PROPHET_ALERTMANAGER_TOKEN_FILE | alertmanager.webhookTokenFile | replaces the file's webhookToken(File) |
// | PROPHET_KUBECONFIG       | kubernetes.kubeconfig   | a kubeconfig file (else in-cluster / the default)  |
// | PROPHET_LLM_API_KEY      | incidents.explainer.apiKey     | replaces the file's apiKey(File)          |
// | PROPHET_LLM_API_KEY_FILE | incidents.explainer.apiKeyFile | replaces the file's apiKey(File)          |
// | PROPHET_REMEDIATION_ENABLED | remediation.enabled  | true or false                                      |
// | PROPHET_REMEDIATION_DRY_RUN | remediation.dryRun   | true or false: every execution only dry-runs       |
//
// Precedence: environment > config file > shipped defaults. Relative paths (tokenFile, sqlitePath) are
// resolved against the working directory, like every other CLI tool.
import { readFileSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { LineCounter, parseDocument } from 'yaml';
import { ConfigError, type ConfigIssue } from './config-error.ts';
import type {
  AnomalyJobConfig,
  Config,
  RemediationConfig,
  ForecastJobConfig,
  LimitConfig,
  OutlierJobConfig,
  SloConfig,
  ThresholdConfig,
} from './config-types.ts';
import { DEFAULT_REMEDIATION_POLICIES } from './default-remediation-policies.ts';
import { DEFAULT_SLOS } from './default-slos.ts';
import {
  formatSloIssue,
  importSloFile,
  SloError,
  sloId,
  validateSlos,
  type SloIssue,
  type SloSpec,
} from '../slo/index.ts';
import { DEFAULT_OUTLIER_OPTIONS } from '../ml/outliers/index.ts';
import { resolveRemediationConfig } from '../remediation/policy/remediation-config.ts';
import { lineLocator, type LineOf } from '../remediation/policy/yaml-lines.ts';
import { parseDuration } from './duration.ts';
import {
  ConfigFileSchema,
  type AnomalyJobInput,
  type ConfigFile,
  type ForecastJobInput,
  type OutlierJobInput,
} from './schema.ts';
import { fieldPath, schemaErrorMessage } from './schema-errors.ts';

export interface LoadConfigOptions {
  /** Config file path; falls back to PROPHET_CONFIG; with neither, only defaults and environment apply. */
  file?: string;
  env: NodeJS.ProcessEnv;
  /**
   * In live mode (the default, so forgetting it fails closed) a bearer token is required;
   * in demo mode it may be empty and the caller generates one.
   */
  mode?: 'demo' | 'live';
}

const ENV_OVERRIDES: Array<{ name: string; path: string[]; numeric?: boolean; boolean?: boolean }> = [
  { name: 'PROPHET_HOST', path: ['server', 'host'] },
  { name: 'PROPHET_PORT', path: ['server', 'port'], numeric: true },
  { name: 'PROPHET_TOKEN', path: ['server', 'token'] },
  { name: 'PROPHET_TOKEN_FILE', path: ['server', 'tokenFile'] },
  { name: 'PROPHET_LOG_LEVEL', path: ['server', 'logLevel'] },
  { name: 'PROPHET_PROMETHEUS_URL', path: ['prometheus', 'url'] },
  { name: 'PROPHET_SQLITE_PATH', path: ['store', 'sqlitePath'] },
  { name: 'PROPHET_SIM_SEED', path: ['simulator', 'seed'], numeric: true },
  { name: 'PROPHET_GRAFANA_URL', path: ['grafana', 'url'] },
  { name: 'PROPHET_GRAFANA_JWKS_URL', path: ['grafana', 'jwksUrl'] },
  { name: 'PROPHET_ALERTMANAGER_URL', path: ['alertmanager', 'url'] },
  { name: 'PROPHET_ALERTMANAGER_TOKEN', path: ['alertmanager', 'webhookToken'] },
  { name: 'PROPHET_ALERTMANAGER_TOKEN_FILE', path: ['alertmanager', 'webhookTokenFile'] },
  { name: 'PROPHET_KUBECONFIG', path: ['kubernetes', 'kubeconfig'] },
  { name: 'PROPHET_LLM_API_KEY', path: ['incidents', 'explainer', 'apiKey'] },
  { name: 'PROPHET_LLM_API_KEY_FILE', path: ['incidents', 'explainer', 'apiKeyFile'] },
  { name: 'PROPHET_REMEDIATION_ENABLED', path: ['remediation', 'enabled'], boolean: true },
  { name: 'PROPHET_REMEDIATION_DRY_RUN', path: ['remediation', 'dryRun'], boolean: true },
];

// A credential from the environment replaces the file's credential (value or file) rather than conflicting with it.
const REPLACES: Record<string, string> = {
  PROPHET_TOKEN: 'tokenFile',
  PROPHET_TOKEN_FILE: 'token',
  PROPHET_ALERTMANAGER_TOKEN: 'webhookTokenFile',
  PROPHET_ALERTMANAGER_TOKEN_FILE: 'webhookToken',
  PROPHET_LLM_API_KEY: 'apiKeyFile',
  PROPHET_LLM_API_KEY_FILE: 'apiKey',
};

export function loadConfig(options: LoadConfigOptions): Config {
  const file = options.file ?? (options.env.PROPHET_CONFIG || undefined);
  const source = file ?? 'defaults';
  const { value: raw, lineOf } = file === undefined ? { value: {}, lineOf: null } : readYaml(file);
  // Which field paths came from the environment, so their errors name the variable instead of the file.
  const fromEnv = applyEnvOverrides(raw, options.env);
  const issueAt = (path: string, message: string): ConfigIssue =>
    fromEnv.has(path)
      ? { source: 'environment', field: `${fromEnv.get(path)} (${path})`, message }
      : { source, field: path, message };

  const withDefaults = Value.Default(ConfigFileSchema, raw);
  // `slos:` entries are checked by validateSlos, whose messages also name the SLO.
  const schemaIssues = firstErrorPerField(withDefaults)
    .filter(({ path }) => !/^slos(\[|$)/.test(path))
    .map(({ path, message }) => issueAt(path, message));
  const inline = collectSlos(() => validateSlos((withDefaults as { slos?: unknown }).slos ?? [], { source }), source);
  if (schemaIssues.length > 0) {
    throw new ConfigError([...schemaIssues, ...inline.issues]);
  }

  const parsed = withDefaults as ConfigFile;
  const slos = loadSlos(parsed, raw, file, inline);
  const remediation = resolveRemediationConfig(parsed.remediation, {
    file: file ?? null,
    lineOf,
    builtIn: DEFAULT_REMEDIATION_POLICIES,
  });
  const issues = [
    ...checkJobs(parsed),
    ...checkAnomalyJobs(parsed),
    ...checkOutlierJobs(parsed),
    ...checkGrafana(parsed),
  ].map(({ path, message }) => issueAt(path, message));
  issues.push(...slos.issues, ...remediation.issues);
  const token = resolveToken(parsed, options.mode ?? 'live', issueAt, issues);
  const webhookToken = resolveWebhookToken(parsed, token, issueAt, issues);
  const llmApiKey = resolveLlmApiKey(parsed, issueAt, issues);
  if (issues.length > 0) {
    throw new ConfigError(issues);
  }
  return resolve(parsed, { token, webhookToken, llmApiKey }, file ?? null, slos.config, remediation.config);
}

interface CollectedSlos {
  slos: SloSpec[];
  warnings: SloIssue[];
  issues: ConfigIssue[];
  source: string;
}

function sloConfigIssue(issue: SloIssue): ConfigIssue {
  const slo = issue.slo === undefined ? '' : `SLO ${JSON.stringify(issue.slo)}: `;
  return { source: issue.source, field: issue.field, message: `${slo}${issue.message}` };
}

function collectSlos(work: () => { slos: SloSpec[]; warnings: SloIssue[] }, source: string): CollectedSlos {
  try {
    const { slos, warnings } = work();
    return { slos, warnings, issues: [], source };
  } catch (error) {
    if (!(error instanceof SloError)) {
      throw error;
    }
    return { slos: [], warnings: error.warnings, issues: error.issues.map(sloConfigIssue), source };
  }
}

/**
 * The SLOs of `slos:` and of the files `sloFiles:` names (relative to the config file), or the shipped demo SLOs
 * when the config sets neither. Every problem is an issue naming the file, the SLO and the field.
 */
function loadSlos(
  config: ConfigFile,
  raw: Record<string, unknown>,
  file: string | undefined,
  inline: CollectedSlos
): { config: SloConfig; issues: ConfigIssue[] } {
  const defaults = raw.slos === undefined && config.sloFiles.length === 0;
  const parts: CollectedSlos[] = [
    defaults
      ? collectSlos(() => validateSlos(structuredClone(DEFAULT_SLOS), { source: 'defaults' }), 'defaults')
      : inline,
  ];
  const sources = defaults ? [] : file ? [file] : [];
  for (const name of config.sloFiles) {
    const path = file ? resolvePath(dirname(file), name) : resolvePath(name);
    sources.push(path);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      const message = `cannot read SLO file: ${(error as Error).message}`;
      parts.push({
        slos: [],
        warnings: [],
        issues: [{ source: file ?? 'defaults', field: 'sloFiles', message }],
        source: path,
      });
      continue;
    }
    parts.push(collectSlos(() => importSloFile(path, text, { slothPeriod: config.sloRules.slothPeriod }), path));
  }
  const issues: ConfigIssue[] = [];
  const specs: SloSpec[] = [];
  const sourceOf: Record<string, string> = {};
  for (const part of parts) {
    issues.push(...part.issues);
    for (const slo of part.slos) {
      const id = sloId(slo);
      if (sourceOf[id] !== undefined) {
        issues.push({
          source: part.source,
          field: 'name',
          message: `SLO ${JSON.stringify(slo.name)}: duplicate SLO id "${id}" (service and name; also in ${sourceOf[id]})`,
        });
        continue;
      }
      sourceOf[id] = part.source;
      specs.push(slo);
    }
  }
  return {
    issues,
    config: {
      specs,
      sourceOf,
      defaults,
      warnings: parts.flatMap((p) => p.warnings.map((w) => formatSloIssue(w, 'warning'))),
      sources,
      rules: { periodInterval: config.sloRules.periodInterval, slothPeriod: config.sloRules.slothPeriod },
    },
  };
}

/** The file's top-level mapping, and line numbers of its fields (policy errors name them). */
function readYaml(file: string): { value: Record<string, unknown>; lineOf: LineOf } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([{ source: file, field: '', message: `cannot read file: ${(error as Error).message}` }]);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const lineOf = lineLocator(doc, lineCounter);
  const syntaxError = doc.errors[0];
  if (syntaxError) {
    const pos = syntaxError.linePos?.[0];
    const where = pos ? `line ${pos.line}, column ${pos.col}` : 'unknown position';
    const message = syntaxError.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new ConfigError([{ source: file, field: '', message: `YAML syntax error at ${where}: ${message}` }]);
  }
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) {
    return { value: {}, lineOf };
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError([{ source: file, field: '', message: 'expected a mapping at the top level' }]);
  }
  return { value: value as Record<string, unknown>, lineOf };
}

function applyEnvOverrides(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): Map<string, string> {
  const applied = new Map<string, string>();
  for (const { name, path, numeric, boolean } of ENV_OVERRIDES) {
    const text = env[name];
    if (text === undefined || text === '') {
      continue;
    }
    const key = path[path.length - 1];
    let target: Record<string, unknown> | undefined = raw;
    for (const section of path.slice(0, -1)) {
      const current: unknown = target[section];
      // A non-mapping section is left alone so the schema reports it against the file.
      if (current !== undefined && (typeof current !== 'object' || current === null || Array.isArray(current))) {
        target = undefined;
        break;
      }
      target = (target[section] ??= {}) as Record<string, unknown>;
    }
    if (!target) {
      continue;
    }
    // Numbers and booleans that don't parse stay strings, so the schema reports them ("expected an integer, got
    // "abc"", "expected true or false, got "yes"").
    const trimmed = text.trim().toLowerCase();
    target[key] =
      numeric && /^-?\d+$/.test(trimmed)
        ? Number(trimmed)
        : boolean && (trimmed === 'true' || trimmed === 'false')
          ? trimmed === 'true'
          : text;
    applied.set(path.join('.'), name);
    const replaced = REPLACES[name];
    if (replaced !== undefined) {
      delete target[replaced];
    }
  }
  return applied;
}

function firstErrorPerField(value: unknown): Array<{ path: string; message: string }> {
  const seen = new Map<string, string>();
  for (const error of Value.Errors(ConfigFileSchema, value)) {
    const path = fieldPath(error.path) || '(top level)';
    if (!seen.has(path)) {
      seen.set(path, schemaErrorMessage(error));
    }
  }
  return [...seen].map(([path, message]) => ({ path, message }));
}

function checkJobs(config: ConfigFile): Array<{ path: string; message: string }> {
  const issues: Array<{ path: string; message: string }> = [];
  const firstIndex = new Map<string, number>();
  config.forecasts.jobs.forEach((job, i) => {
    const at = `forecasts.jobs[${i}]`;
    const earlier = firstIndex.get(job.name);
    if (earlier !== undefined) {
      issues.push({
        path: `${at}.name`,
        message: `duplicate job name "${job.name}" (also forecasts.jobs[${earlier}])`,
      });
    } else {
      firstIndex.set(job.name, i);
    }
    if (job.threshold && (job.threshold.value === undefined) === (job.threshold.query === undefined)) {
      issues.push({ path: `${at}.threshold`, message: 'set exactly one of value or query' });
    }
    const step = parseDuration(job.step ?? config.forecasts.defaults.step);
    const horizon = parseDuration(job.horizon ?? config.forecasts.defaults.horizon);
    const window = parseDuration(job.trainingWindow ?? config.forecasts.defaults.trainingWindow);
    if (horizon < step) {
      issues.push({ path: `${at}.horizon`, message: 'must be at least one step long' });
    }
    if (window < 2 * step) {
      issues.push({ path: `${at}.trainingWindow`, message: 'must span at least two steps' });
    }
  });
  return issues;
}

/** Reports the second and later uses of a name within one list of jobs. */
function duplicateNames(names: string[], list: string): Array<{ path: string; message: string }> {
  const firstIndex = new Map<string, number>();
  const issues: Array<{ path: string; message: string }> = [];
  names.forEach((name, i) => {
    const earlier = firstIndex.get(name);
    if (earlier === undefined) {
      firstIndex.set(name, i);
    } else {
      issues.push({ path: `${list}[${i}].name`, message: `duplicate job name "${name}" (also ${list}[${earlier}])` });
    }
  });
  return issues;
}

/** The detection window must hold at least two steps and fit the training window's step grid. */
function checkWindows(
  at: string,
  step: string,
  trainingWindow: string,
  detectionWindow: string
): Array<{ path: string; message: string }> {
  const issues: Array<{ path: string; message: string }> = [];
  const stepMs = parseDuration(step);
  if (parseDuration(detectionWindow) < 2 * stepMs) {
    issues.push({ path: `${at}.detectionWindow`, message: 'must span at least two steps' });
  }
  if (parseDuration(trainingWindow) < 2 * stepMs) {
    issues.push({ path: `${at}.trainingWindow`, message: 'must span at least two steps' });
  }
  return issues;
}

function checkAnomalyJobs(config: ConfigFile): Array<{ path: string; message: string }> {
  const { defaults, jobs } = config.anomalies;
  const issues = duplicateNames(
    jobs.map((j) => j.name),
    'anomalies.jobs'
  );
  const forecastJobs = new Set(config.forecasts.jobs.map((j) => j.name));
  jobs.forEach((job, i) => {
    const at = `anomalies.jobs[${i}]`;
    if (job.limit && (job.limit.value === undefined) === (job.limit.query === undefined)) {
      issues.push({ path: `${at}.limit`, message: 'set exactly one of value or query' });
    }
    if (job.forecastJob !== undefined && !forecastJobs.has(job.forecastJob)) {
      issues.push({ path: `${at}.forecastJob`, message: `no forecast job is named "${job.forecastJob}"` });
    }
    issues.push(
      ...checkWindows(
        at,
        job.step ?? defaults.step,
        job.trainingWindow ?? defaults.trainingWindow,
        job.detectionWindow ?? defaults.detectionWindow
      )
    );
  });
  return issues;
}

function checkOutlierJobs(config: ConfigFile): Array<{ path: string; message: string }> {
  const { defaults, jobs } = config.outliers;
  const issues = duplicateNames(
    jobs.map((j) => j.name),
    'outliers.jobs'
  );
  jobs.forEach((job, i) => {
    const at = `outliers.jobs[${i}]`;
    const features = Object.keys(job.features);
    if (features.length === 0) {
      issues.push({ path: `${at}.features`, message: 'name at least one feature (feature name: PromQL query)' });
    }
    if (job.groupBy.includes(job.member)) {
      issues.push({
        path: `${at}.member`,
        message: `"${job.member}" is also in groupBy: a member label must tell members of a group apart`,
      });
    }
    for (const feature of Object.keys(job.minDeviation ?? {})) {
      if (!features.includes(feature)) {
        issues.push({ path: `${at}.minDeviation.${feature}`, message: `no feature is named "${feature}"` });
      }
    }
    issues.push(
      ...checkWindows(
        at,
        job.step ?? defaults.step,
        job.trainingWindow ?? defaults.trainingWindow,
        job.detectionWindow ?? defaults.detectionWindow
      )
    );
  });
  return issues;
}

function checkGrafana(config: ConfigFile): Array<{ path: string; message: string }> {
  const { url, jwksUrl } = config.grafana;
  const issues: Array<{ path: string; message: string }> = [];
  for (const [path, value] of [
    ['grafana.url', url],
    ['grafana.jwksUrl', jwksUrl],
  ] as const) {
    if (value && !URL.canParse(value)) {
      issues.push({ path, message: `not a valid URL: ${JSON.stringify(value)}` });
    }
  }
  if (jwksUrl && !url) {
    issues.push({
      path: 'grafana.jwksUrl',
      message: 'set grafana.url too: it is the issuer tokens are checked against',
    });
  }
  return issues;
}

/** Grafana publishes the public keys of its ID tokens here, without authentication. */
export function defaultJwksUrl(grafanaUrl: string): string {
  return `${grafanaUrl.replace(/\/+$/, '')}/api/signing-keys/keys`;
}

type IssueAt = (path: string, message: string) => ConfigIssue;

/** A secret given inline or as a file (whose content, trimmed, is the secret); at most one of the two. */
function readSecret(
  value: string,
  file: string,
  paths: { value: string; file: string },
  issueAt: IssueAt,
  issues: ConfigIssue[]
): string {
  if (value && file) {
    issues.push(issueAt(paths.value, `set either ${paths.value} or ${paths.file}, not both`));
    return '';
  }
  if (!file) {
    return value;
  }
  try {
    const fromFile = readFileSync(file, 'utf8').trim();
    if (!fromFile) {
      issues.push(issueAt(paths.file, `token file ${file} is empty`));
    }
    return fromFile;
  } catch (error) {
    issues.push(issueAt(paths.file, `cannot read token file: ${(error as Error).message}`));
    return '';
  }
}

function resolveToken(config: ConfigFile, mode: 'demo' | 'live', issueAt: IssueAt, issues: ConfigIssue[]): string {
  const { token: value, tokenFile } = config.server;
  const before = issues.length;
  const token = readSecret(value, tokenFile, { value: 'server.token', file: 'server.tokenFile' }, issueAt, issues);
  if (issues.length > before || tokenFile) {
    return token;
  }
  if (!token && mode === 'live') {
    issues.push(
      issueAt('server.token', 'a bearer token is required outside demo mode (set PROPHET_TOKEN or server.tokenFile)')
    );
  }
  return token;
}

/**
 * The webhook token is optional (without it the webhook answers 503), but must not be the API token: Alertmanager's
 * credential would then open every /api/* route, and the Grafana proxy's token would let anyone write alerts.
 */
function resolveWebhookToken(config: ConfigFile, apiToken: string, issueAt: IssueAt, issues: ConfigIssue[]): string {
  const { webhookToken, webhookTokenFile } = config.alertmanager;
  const paths = { value: 'alertmanager.webhookToken', file: 'alertmanager.webhookTokenFile' };
  const token = readSecret(webhookToken, webhookTokenFile, paths, issueAt, issues);
  if (token && token === apiToken) {
    issues.push(
      issueAt(
        webhookTokenFile ? paths.file : paths.value,
        "must differ from server.token: Alertmanager's webhook token must not also open the rest of the API"
      )
    );
  }
  return token;
}

/** An LLM provider needs a model; the key is optional (LocalAI, Ollama and vLLM usually run without one). */
function resolveLlmApiKey(config: ConfigFile, issueAt: IssueAt, issues: ConfigIssue[]): string {
  const { apiKey, apiKeyFile, provider, model } = config.incidents.explainer;
  const paths = { value: 'incidents.explainer.apiKey', file: 'incidents.explainer.apiKeyFile' };
  if (provider !== 'built-in' && !model.trim()) {
    issues.push(issueAt('incidents.explainer.model', `the ${provider} explainer needs a model name`));
  }
  return readSecret(apiKey, apiKeyFile, paths, issueAt, issues);
}

function resolve(
  config: ConfigFile,
  secrets: { token: string; webhookToken: string; llmApiKey: string },
  file: string | null,
  slos: SloConfig,
  remediation: RemediationConfig
): Config {
  const { token, webhookToken, llmApiKey } = secrets;
  const d = config.forecasts.defaults;
  const job = (j: ForecastJobInput): ForecastJobConfig => ({
    name: j.name,
    title: j.title ?? j.name,
    query: j.query,
    unit: j.unit ?? 'short',
    stepMs: parseDuration(j.step ?? d.step),
    trainingWindowMs: parseDuration(j.trainingWindow ?? d.trainingWindow),
    horizonMs: parseDuration(j.horizon ?? d.horizon),
    level: j.level ?? d.level,
    refreshIntervalMs: parseDuration(j.refreshInterval ?? d.refreshInterval),
    seasonalityMs: (j.seasonality ?? []).map(parseDuration),
    threshold: threshold(j.threshold),
  });
  const a = config.anomalies.defaults;
  const anomalyJob = (j: AnomalyJobInput): AnomalyJobConfig => ({
    name: j.name,
    title: j.title ?? j.name,
    query: j.query,
    unit: j.unit ?? 'short',
    stepMs: parseDuration(j.step ?? a.step),
    trainingWindowMs: parseDuration(j.trainingWindow ?? a.trainingWindow),
    detectionWindowMs: parseDuration(j.detectionWindow ?? a.detectionWindow),
    refreshIntervalMs: parseDuration(j.refreshInterval ?? a.refreshInterval),
    seasonalityMs: (j.seasonality ?? []).map(parseDuration),
    sensitivity: j.sensitivity ?? a.sensitivity,
    limit: limit(j.limit),
    forecastJob: j.forecastJob ?? null,
  });
  const o = config.outliers.defaults;
  const outlierJob = (j: OutlierJobInput): OutlierJobConfig => ({
    name: j.name,
    title: j.title ?? j.name,
    groupBy: [...j.groupBy],
    member: j.member,
    features: { ...j.features },
    stepMs: parseDuration(j.step ?? o.step),
    trainingWindowMs: parseDuration(j.trainingWindow ?? o.trainingWindow),
    detectionWindowMs: parseDuration(j.detectionWindow ?? o.detectionWindow),
    refreshIntervalMs: parseDuration(j.refreshInterval ?? o.refreshInterval),
    algorithm: j.algorithm ?? DEFAULT_OUTLIER_OPTIONS.algorithm,
    threshold: j.threshold ?? DEFAULT_OUTLIER_OPTIONS.threshold,
    minRelativeDeviation: j.minRelativeDeviation ?? DEFAULT_OUTLIER_OPTIONS.minRelativeDeviation,
    minDeviation: { ...j.minDeviation },
  });
  const c = config.capacity;
  return {
    server: { ...config.server, token, logLevel: config.server.logLevel as Config['server']['logLevel'] },
    prometheus: {
      url: config.prometheus.url,
      timeoutMs: parseDuration(config.prometheus.timeout),
      retries: config.prometheus.retries,
      headers: { ...config.prometheus.headers },
    },
    simulator: {
      seed: config.simulator.seed,
      startAtMs: parseDuration(config.simulator.startAt),
      alerts: config.simulator.alerts,
    },
    grafana: {
      url: config.grafana.url,
      orgId: config.grafana.orgId,
      jwksUrl: config.grafana.jwksUrl || (config.grafana.url ? defaultJwksUrl(config.grafana.url) : ''),
      requireIdentity: config.grafana.requireIdentity,
    },
    alertmanager: { webhookToken, webhookTokenFile: config.alertmanager.webhookTokenFile, url: config.alertmanager.url },
    kubernetes: {
      enabled: config.kubernetes.enabled,
      kubeconfig: config.kubernetes.kubeconfig,
      context: config.kubernetes.context,
      resultsNamespace: config.kubernetes.resultsNamespace,
      eventRetentionMs: parseDuration(config.kubernetes.eventRetention),
    },
    k8sgpt: { analyzeUrl: config.k8sgpt.analyzeUrl, analyzeTimeoutMs: parseDuration(config.k8sgpt.analyzeTimeout) },
    incidents: {
      openOn: [...config.incidents.openOn],
      joinWindowMs: parseDuration(config.incidents.joinWindow),
      lookbackMs: parseDuration(config.incidents.lookback),
      refreshIntervalMs: parseDuration(config.incidents.refreshInterval),
      explainer: {
        ...config.incidents.explainer,
        apiKey: llmApiKey,
        timeoutMs: parseDuration(config.incidents.explainer.timeout),
        cacheTtlMs: parseDuration(config.incidents.explainer.cacheTtl),
      },
    },
    store: { ...config.store },
    forecasts: {
      defaults: {
        stepMs: parseDuration(d.step),
        trainingWindowMs: parseDuration(d.trainingWindow),
        horizonMs: parseDuration(d.horizon),
        level: d.level,
        refreshIntervalMs: parseDuration(d.refreshInterval),
      },
      jobs: config.forecasts.jobs.map(job),
    },
    anomalies: {
      defaults: {
        stepMs: parseDuration(a.step),
        trainingWindowMs: parseDuration(a.trainingWindow),
        detectionWindowMs: parseDuration(a.detectionWindow),
        refreshIntervalMs: parseDuration(a.refreshInterval),
        sensitivity: a.sensitivity,
      },
      jobs: config.anomalies.jobs.map(anomalyJob),
    },
    outliers: {
      defaults: {
        stepMs: parseDuration(o.step),
        trainingWindowMs: parseDuration(o.trainingWindow),
        detectionWindowMs: parseDuration(o.detectionWindow),
        refreshIntervalMs: parseDuration(o.refreshInterval),
      },
      jobs: config.outliers.jobs.map(outlierJob),
    },
    capacity: {
      nodepool: c.nodepool,
      pendingPodsQuery: c.pendingPodsQuery,
      nodesQuery: c.nodesQuery,
      podsPerNode: c.podsPerNode,
      stepMs: parseDuration(c.step),
      trainingWindowMs: parseDuration(c.trainingWindow),
      refreshIntervalMs: parseDuration(c.refreshInterval),
    },
    slos,
    remediation,
    file,
  };
}

function threshold(t: ForecastJobInput['threshold']): ThresholdConfig | null {
  if (!t) {
    return null;
  }
  return t.query !== undefined
    ? { source: 'query', query: t.query, direction: t.direction }
    : { source: 'static', value: t.value as number, direction: t.direction };
}

function limit(l: AnomalyJobInput['limit']): LimitConfig | null {
  if (!l) {
    return null;
  }
  return l.query !== undefined ? { source: 'query', query: l.query } : { source: 'static', value: l.value as number };
}
