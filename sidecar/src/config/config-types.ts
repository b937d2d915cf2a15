// The resolved config the rest of the sidecar uses: defaults applied, job settings merged with
// `forecasts.defaults`, durations in milliseconds (fields end in `Ms`), the token read from tokenFile.
import type { ThresholdDirection } from '../api/contract.ts';
import type { RemediationPolicy } from '../remediation/policy/policy-types.ts';
import type { SloSpec } from '../slo/spec.ts';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export type ThresholdConfig =
  | { source: 'static'; value: number; direction: ThresholdDirection }
  | { source: 'query'; query: string; direction: ThresholdDirection };

export interface ForecastJobConfig {
  name: string;
  /** Defaults to the name. */
  title: string;
  query: string;
  /** A Grafana unit id ("bytes", "percentunit"); "short" when unset. */
  unit: string;
  stepMs: number;
  trainingWindowMs: number;
  horizonMs: number;
  /** Prediction-interval level, e.g. 0.95. */
  level: number;
  refreshIntervalMs: number;
  /** Seasonal periods to model; empty means the forecaster chooses what fits the training window. */
  seasonalityMs: number[];
  threshold: ThresholdConfig | null;
}

/** A drift's limit: a fixed number, or a query whose series are matched to the job's series by labels. */
export type LimitConfig = { source: 'static'; value: number } | { source: 'query'; query: string };

export interface AnomalyJobConfig {
  name: string;
  /** Defaults to the name. */
  title: string;
  query: string;
  unit: string;
  stepMs: number;
  /** History before the detection window the detector learns from (fed to it first, causally). */
  trainingWindowMs: number;
  /** The recent span reported: points, events and the counts in the API. */
  detectionWindowMs: number;
  refreshIntervalMs: number;
  /** Seasonal periods; empty means a day and a week (those the step divides). */
  seasonalityMs: number[];
  /** Score threshold: a point scoring at or above it is anomalous. */
  sensitivity: number;
  limit: LimitConfig | null;
  /** The forecast job its series link to (forecastId), or null: a forecast job with the same query, if any. */
  forecastJob: string | null;
}

export interface OutlierJobConfig {
  name: string;
  title: string;
  /** Label names whose values define a group (e.g. namespace + deployment). */
  groupBy: string[];
  /** The label naming a member within its group (e.g. pod). */
  member: string;
  /** Feature name → PromQL returning one series per member, with the groupBy and member labels. */
  features: Record<string, string>;
  stepMs: number;
  /** The span judged (the group's typical spread is taken over it). */
  trainingWindowMs: number;
  /** Outlying intervals reported are those reaching into this recent span. */
  detectionWindowMs: number;
  refreshIntervalMs: number;
  algorithm: 'dbscan' | 'mad';
  threshold: number;
  minRelativeDeviation: number;
  minDeviation: Record<string, number>;
}

export interface CapacityConfig {
  nodepool: string;
  pendingPodsQuery: string;
  nodesQuery: string;
  podsPerNode: number;
  stepMs: number;
  trainingWindowMs: number;
  refreshIntervalMs: number;
}

export interface SloConfig {
  /** From `slos:` and the files `sloFiles:` names, in that order; the shipped defaults when neither is set. */
  specs: SloSpec[];
  /** Where each SLO came from (its id → the config file, an SLO file or "defaults"). */
  sourceOf: Record<string, string>;
  /** True when specs are the shipped demo SLOs. */
  defaults: boolean;
  /** Problems that do not stop start-up (unsupported import fields, …), formatted; logged at start-up. */
  warnings: string[];
  /** The files the SLOs came from (for the generated rules' header). */
  sources: string[];
  rules: { periodInterval: string; slothPeriod: string };
}

export interface RemediationConfig {
  /** false: no proposals are made (the API still lists the policies and past proposals). */
  enabled: boolean;
  /** The global switch: every execution only records what it would do. */
  dryRun: boolean;
  /** How often policies are matched, proposals expired and verifications checked. */
  checkIntervalMs: number;
  /** From remediation.policies, then each of remediation.policyFiles; the built-in policies when neither is set. */
  policies: RemediationPolicy[];
  /** True when policies are the built-in ones. */
  defaults: boolean;
  /** The policy files read (absolute paths). */
  policyFiles: string[];
}

export interface Config {
  server: {
    host: string;
    port: number;
    /** The bearer token for /api/*; "" only when loaded for demo mode (the caller then generates one). */
    token: string;
    tokenFile: string;
    logLevel: LogLevel;
  };
  prometheus: {
    /** "" means: no Prometheus, use the simulated cluster. */
    url: string;
    timeoutMs: number;
    retries: number;
    headers: Record<string, string>;
  };
  simulator: {
    seed: number;
    /** How far into the scripted incident timeline the demo starts (the anchor is start-up time minus this). */
    startAtMs: number;
    /** Deliver the simulated cluster's alerts to the alert receiver (demo mode's stand-in for Alertmanager). */
    alerts: boolean;
  };
  grafana: {
    /** Grafana's root URL, the issuer of X-Grafana-Id tokens; "" means identity is not verified. */
    url: string;
    /** Tokens must be issued for this organisation (audience "org:<orgId>"). */
    orgId: number;
    /** Where Grafana publishes its signing keys; "" when url is "" (default <url>/api/signing-keys/keys). */
    jwksUrl: string;
    /** With a url: reject /api/* requests that carry no valid identity token. */
    requireIdentity: boolean;
  };
  alertmanager: {
    /**
     * The bearer token Alertmanager must send to the webhook (read from webhookTokenFile when that is set);
     * "" disables the webhook, except in demo mode, where the caller generates one.
     */
    webhookToken: string;
    webhookTokenFile: string;
    /** Alertmanager's URL for silences (the `silence` remediation action); "" when not configured. */
    url: string;
  };
  kubernetes: {
    /** Live mode: watch K8sGPT Results and Events; demo mode always serves the simulated cluster's. */
    enabled: boolean;
    kubeconfig: string;
    context: string;
    resultsNamespace: string;
    eventRetentionMs: number;
  };
  k8sgpt: { analyzeUrl: string; analyzeTimeoutMs: number };
  incidents: {
    openOn: string[];
    joinWindowMs: number;
    lookbackMs: number;
    refreshIntervalMs: number;
    explainer: {
      provider: 'built-in' | 'openai' | 'anthropic';
      baseUrl: string;
      model: string;
      /** Read from apiKeyFile when that is set; "" sends no key. */
      apiKey: string;
      apiKeyFile: string;
      timeoutMs: number;
      anonymize: boolean;
      cacheSize: number;
      cacheTtlMs: number;
    };
  };
  store: { sqlitePath: string };
  forecasts: {
    defaults: { stepMs: number; trainingWindowMs: number; horizonMs: number; level: number; refreshIntervalMs: number };
    jobs: ForecastJobConfig[];
  };
  anomalies: {
    defaults: {
      stepMs: number;
      trainingWindowMs: number;
      detectionWindowMs: number;
      refreshIntervalMs: number;
      sensitivity: number;
    };
    jobs: AnomalyJobConfig[];
  };
  outliers: {
    defaults: { stepMs: number; trainingWindowMs: number; detectionWindowMs: number; refreshIntervalMs: number };
    jobs: OutlierJobConfig[];
  };
  capacity: CapacityConfig;
  slos: SloConfig;
  remediation: RemediationConfig;
  /** The file the config was read from, or null when only defaults and environment apply. */
  file: string | null;
}
