// The sidecar's REST contract, shared by the sidecar (routes, OpenAPI schemas) and the app plugin's typed client.
// Types only, no imports: the frontend imports this file type-only, so it must stay free of runtime code.

export type Labels = Record<string, string>;

/** A crossing of a threshold predicted by a forecast; all times are epoch milliseconds. */
export interface ThresholdCrossing {
  /** When the forecast's central line (yhat) crosses, or null when it does not within the horizon. */
  at: number | null;
  /** Earliest plausible crossing: when the pessimistic side of the band crosses. */
  earliest: number | null;
  /** Latest plausible crossing: when the optimistic side crosses; null when it stays clear within the horizon. */
  latest: number | null;
}

export type ThresholdDirection = 'above' | 'below';

export interface ForecastThreshold {
  value: number;
  direction: ThresholdDirection;
  /** Where the value came from: a fixed number in config, or a PromQL query (limits, requests, allocatable). */
  source: 'static' | 'query';
}

export interface ModelScore {
  model: string;
  /** Mean absolute scaled error over the rolling-origin backtest (1 = as good as the naive forecast). */
  mase: number;
}

export interface ForecastSummary {
  /** Stable id: job name plus a hash of the series labels. */
  id: string;
  job: string;
  title: string;
  unit: string;
  labels: Labels;
  /** Last observed value. */
  current: number | null;
  model: string;
  mase: number | null;
  threshold: ForecastThreshold | null;
  crossing: ThresholdCrossing | null;
  /** Seconds from now to crossing.at; null when there is no crossing within the horizon. */
  secondsToThreshold: number | null;
  horizonSeconds: number;
  level: number;
  updatedAt: number;
}

export interface ForecastPoint {
  t: number;
  yhat: number;
  lower: number;
  upper: number;
}

export interface ForecastDetail extends ForecastSummary {
  stepSeconds: number;
  actual: Array<{ t: number; v: number | null }>;
  forecast: ForecastPoint[];
  backtest: ModelScore[];
}

export interface ForecastList {
  generatedAt: number;
  forecasts: ForecastSummary[];
}

export interface JobStatus {
  name: string;
  title: string;
  query: string;
  state: 'pending' | 'ok' | 'partial' | 'error';
  lastRunAt: number | null;
  lastDurationMs: number | null;
  nextRunAt: number | null;
  series: number;
  failedSeries: number;
  error: string | null;
}

export interface CapacityHorizon {
  minutes: number;
  pendingPods: number;
  pendingPodsLower: number;
  pendingPodsUpper: number;
  nodesNeeded: number;
  nodesNeededUpper: number;
}

export interface CapacityForecast {
  nodepool: string;
  currentNodes: number | null;
  currentPendingPods: number | null;
  podsPerNode: number;
  horizons: CapacityHorizon[];
  updatedAt: number;
}

export interface SourceStatus {
  kind: 'prometheus' | 'simulator';
  state: 'ok' | 'degraded' | 'unknown';
  url: string | null;
  lastSuccessAt: number | null;
  lastError: string | null;
}

export interface SidecarStatus {
  version: string;
  mode: 'demo' | 'live';
  startedAt: number;
  source: SourceStatus;
  jobs: JobStatus[];
}

export type GrafanaRole = 'Viewer' | 'Editor' | 'Admin' | 'None';

/** The Grafana user a request came from, as Grafana signed it in the X-Grafana-Id token. */
export interface GrafanaUser {
  uid: string;
  login: string;
  email: string;
  name: string;
  /** The user's role in orgId; "None" when Grafana sends none (Grafana before 12). */
  role: GrafanaRole;
  orgId: number;
}

/** GET /api/whoami: who Grafana says the caller is, or why the sidecar does not know. */
export type WhoAmI = { authenticated: true; user: GrafanaUser } | { authenticated: false; reason: string };

export interface ApiError {
  error: string;
  message: string;
  statusCode: number;
}
