// The sidecar's REST contract, shared by the sidecar (routes, OpenAPI schemas) and the app plugin's typed client.
// Types only: the frontend imports this file type-only, so it and every file it imports must stay free of runtime code.
import type { AuditEntry, ProposalState, RemediationAction, RemediationProposal } from '../remediation/types.ts';
import type { TrackedFinding as FindingView } from '../findings/finding-types.ts';

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

export type AnomalyKind = 'spike' | 'dip' | 'level_shift' | 'variance_change' | 'drift';

/** One anomaly on a series: what happened, which way, how far outside the band, since when. Times in epoch ms. */
export interface AnomalyEvent {
  kind: AnomalyKind;
  direction: 'up' | 'down';
  /** How far outside the band, in band half-widths (1 = on the edge). */
  size: number;
  start: number;
  /** Last anomalous point; equals the latest point while ongoing. */
  end: number;
  ongoing: boolean;
  /** Highest anomaly score in the event, 0–1. */
  peakScore: number;
  /** For drifts toward a known limit: when the series is expected to reach it. */
  limitAt: number | null;
}

export interface AnomalySummary {
  /** Stable id: job name plus a hash of the series labels (the same scheme as forecast ids). */
  id: string;
  job: string;
  title: string;
  unit: string;
  labels: Labels;
  current: number | null;
  /** Latest anomaly score, 0–1 (causal: from this point and earlier ones only). */
  score: number;
  /** 1 above the band, -1 below, 0 inside (the prophet_anomalous metric). */
  anomalous: -1 | 0 | 1;
  bandLower: number | null;
  bandUpper: number | null;
  /** Highest-scoring event still open, else the latest event within the detection window, else null. */
  latestEvent: AnomalyEvent | null;
  /** Events within the detection window. */
  eventCount: number;
  /** The forecast of the same series, when a forecast job covers it (link target). */
  forecastId: string | null;
  threshold: number;
  updatedAt: number;
}

export interface AnomalyPoint {
  t: number;
  v: number | null;
  expected: number | null;
  lower: number | null;
  upper: number | null;
  score: number;
  isAnomaly: boolean;
}

export interface AnomalyDetail extends AnomalySummary {
  stepSeconds: number;
  /** The detection window, point by point. */
  points: AnomalyPoint[];
  events: AnomalyEvent[];
}

export interface AnomalyList {
  generatedAt: number;
  /** Most severe first: open anomalies by score, then recent ones, then the rest. */
  anomalies: AnomalySummary[];
}

export interface OutlierInterval {
  start: number;
  end: number;
}

export interface OutlierReason {
  feature: string;
  direction: 'above' | 'below';
  value: number;
  groupMedian: number;
  bandLower: number;
  bandUpper: number;
  /** Share of the window the member was outlying on this feature, 0–1. */
  share: number;
  summary: string;
}

export interface OutlierMember {
  id: string;
  labels: Labels;
  outlying: boolean;
  /** Share of its samples outlying on any feature, 0–1. */
  score: number;
  intervals: OutlierInterval[];
  reasons: OutlierReason[];
  /** Latest value of each feature, for the group table. */
  latest: Record<string, number | null>;
}

export interface OutlierGroupResult {
  /** Stable id: job name plus a hash of the group's labels. */
  id: string;
  job: string;
  title: string;
  /** Labels shared by the members, e.g. {namespace, deployment} or {nodepool}. */
  groupLabels: Labels;
  features: string[];
  tooSmall: boolean;
  members: OutlierMember[];
  outlierCount: number;
  updatedAt: number;
}

export interface OutlierList {
  generatedAt: number;
  /** Groups with outliers first. */
  groups: OutlierGroupResult[];
}

export interface ApiError {
  error: string;
  message: string;
  statusCode: number;
}

// ---- SLOs: status, burn rates, alert state and error-budget exhaustion forecasts (times are epoch milliseconds) ----

export type SloAlertState = 'page' | 'ticket' | 'none';

/** See ExhaustionOutcome in sidecar/src/ml/slo/exhaustion-types.ts. */
export type SloForecastOutcome =
  | 'exhausts'
  | 'already-exhausted'
  | 'not-exhausted-before-reset'
  | 'not-exhausted-within-horizon'
  | 'no-traffic'
  | 'insufficient-history';

export interface SloBurnRate {
  /** "5m", "30m", "1h", "2h", "6h", "1d", "3d". */
  window: string;
  /** Error ratio over the window ÷ error budget; null without enough data or traffic. */
  burnRate: number | null;
}

export interface SloAlertRule {
  severity: 'page' | 'ticket';
  longWindow: string;
  shortWindow: string;
  /** Burn rate both windows must exceed (14.4, 6, 3, 1 for a 30-day SLO). */
  factor: number;
  /** null: a window has no data, or the long window is longer than the SLO period. */
  firing: boolean | null;
}

export interface SloForecast {
  /** null until the first successful run. */
  outcome: SloForecastOutcome | null;
  /** When the budget reaches 0 on the central forecast (in the past when already exhausted). */
  exhaustedAt: number | null;
  /** The pessimistic edge's exhaustion. */
  earliest: number | null;
  /** The optimistic edge's exhaustion; null when it stays above 0 up to endAt. */
  latest: number | null;
  /** End of the forecast span: the period end (calendar window) or now + horizon (rolling). */
  endAt: number | null;
  /** Budget remaining at endAt: expected, pessimistic (lower) and optimistic (upper). */
  budgetAtEnd: { expected: number | null; lower: number | null; upper: number | null };
  /** Highest constant burn rate from now on that keeps the budget ≥ 0 up to endAt. */
  safeBurnRate: number | null;
  /** The forecast engine's models for request and error counts. */
  models: { total: string; errors: string } | null;
}

export interface SloSummary {
  /** "<service>-<name>", Sloth's sloth_id. */
  id: string;
  name: string;
  service: string;
  title: string;
  description: string | null;
  /** Target share of good events (0.999). */
  objective: number;
  /** "30d" or "calendar-month". */
  window: string;
  indicator: 'ratio' | 'latency' | 'raw';
  labels: Labels;
  /** The config file, SLO file or "defaults" it came from. */
  source: string;
  /** pending: not computed yet; error: the last run failed (figures are from the run before, if any). */
  state: 'pending' | 'ok' | 'error';
  error: string | null;
  /** Good ÷ total over the SLO window. */
  sli: number | null;
  /** 1 − objective. */
  errorBudget: number;
  /** 1 − (error ratio ÷ budget) over the window; negative when overspent. */
  budgetRemaining: number | null;
  burnRates: SloBurnRate[];
  alertState: SloAlertState;
  forecast: SloForecast;
  /** From updatedAt to forecast.exhaustedAt (negative when already exhausted); null when it does not exhaust. */
  secondsToExhaustion: number | null;
  updatedAt: number | null;
}

export interface SloDetail extends SloSummary {
  stepSeconds: number | null;
  /** Start of the SLO window ending now (calendar: the period start); end of the period for calendar windows. */
  windowStart: number | null;
  periodEnd: number | null;
  /** Events counted over the window (scaled as the queries return them). */
  total: number | null;
  errors: number | null;
  /** Steps in the window without data; true when the window starts before the first sample. */
  missingSteps: number | null;
  partialWindow: boolean;
  alerts: SloAlertRule[];
  /** Budget remaining and error ratio over time (downsampled to at most ~720 points over the window). */
  history: Array<{ t: number; budgetRemaining: number | null; errorRatio: number | null }>;
  /** Forecast budget remaining: central, pessimistic (lower) and optimistic (upper) paths up to forecast.endAt. */
  forecastPath: Array<{ t: number; expected: number | null; lower: number | null; upper: number | null }>;
}

export interface SloList {
  generatedAt: number;
  /** Soonest exhaustion first (already exhausted, then by exhaustedAt, then by budget remaining). */
  slos: SloSummary[];
}

// ---- Alerts received from Alertmanager's webhook (times are epoch milliseconds) ----

export type AlertStatus = 'firing' | 'resolved';

/**
 * One occurrence of an alert. Alertmanager's fingerprint is a hash of the alert's labels, so the same alert firing
 * again after it resolved has the same fingerprint and a new startsAt: a new occurrence.
 */
export interface AlertSummary {
  /** "<fingerprint>-<startsAt>": the same for every re-sent notification of one occurrence. */
  id: string;
  fingerprint: string;
  status: AlertStatus;
  /**
   * What closed it: Alertmanager's resolved notification, or a newer occurrence of the same fingerprint arriving while
   * this one was still open (its resolve was never received; endsAt is then when the newer one started, an upper
   * bound). null while firing.
   */
  resolvedBy: 'alertmanager' | 'superseded' | null;
  /** The alertname, severity and namespace labels (null when the alert has none). */
  alertname: string | null;
  severity: string | null;
  namespace: string | null;
  labels: Labels;
  /** As of the latest firing notification. */
  annotations: Labels;
  startsAt: number;
  /** When it ended; null while firing. */
  endsAt: number | null;
  generatorURL: string | null;
  /** The Alertmanager receiver that sent the latest notification. */
  receiver: string;
  firstReceivedAt: number;
  lastReceivedAt: number;
  /** Notifications received about this occurrence; re-sends are folded into this count. */
  receivedCount: number;
}

export interface AlertOccurrence {
  id: string;
  status: AlertStatus;
  startsAt: number;
  endsAt: number | null;
}

export interface AlertDetail extends AlertSummary {
  /** Alertmanager's group key and external URL, as of the latest notification. */
  groupKey: string;
  externalURL: string;
  /** Every occurrence of the same fingerprint, newest first (this one included). */
  occurrences: AlertOccurrence[];
}

export interface AlertList {
  generatedAt: number;
  /** How many alerts match the filters (alerts holds at most `limit` of them). */
  total: number;
  /** Firing first, then the most recently started. */
  alerts: AlertSummary[];
}

/** The webhook's answer to Alertmanager: what became of the notification's alerts. */
export interface AlertmanagerWebhookResult {
  /** Alerts in the notification. */
  received: number;
  /** New occurrences, firing. */
  opened: number;
  /** Re-sent firing alerts already open (folded into the stored alert). */
  updated: number;
  /** Open alerts closed by this notification (or received already resolved). */
  resolved: number;
  /** Re-sent resolved alerts already closed. */
  duplicate: number;
  /** Out-of-order notifications about alerts already closed or superseded: recorded, nothing reopened. */
  stale: number;
}

// ---- Incidents and K8sGPT findings (defined next to their code; re-exported so the frontend has one contract) ----
export type {
  EvidenceRef,
  Incident,
  IncidentAlert,
  IncidentAnomaly,
  IncidentEvent,
  IncidentExplanation,
  IncidentFinding,
  IncidentForecast,
  IncidentList,
  IncidentScope,
  IncidentSeverity,
  IncidentSummary,
  RemediationKind,
  RemediationSuggestion,
  TimelineEntry,
} from '../incidents/types.ts';

/** A current K8sGPT finding (a Result object, normalised and tracked; see sidecar/src/findings/). */
export type { TrackedFinding as FindingView } from '../findings/finding-types.ts';

export interface FindingList {
  generatedAt: number;
  /** The Kubernetes watch: the real API, the simulator (demo) or disabled (kubernetes.enabled false). */
  source: {
    kind: 'kubernetes' | 'simulator' | 'disabled';
    state: 'ok' | 'degraded' | 'unknown';
    synced: boolean;
    lastError: string | null;
  };
  /** Most severe first. */
  findings: FindingView[];
}

// ---- Remediation (defined next to its code; re-exported so the frontend has one contract) ----
export type {
  ActionParams,
  ActionPreview,
  ActionTarget,
  Actor,
  AuditEntry,
  AuditEvent,
  ExecutionStep,
  PreviewObject,
  ProposalDecision,
  ProposalExecution,
  ProposalState,
  ProposalTrigger,
  ProposalVerification,
  RemediationAction,
  RemediationProposal,
} from '../remediation/types.ts';

/** GET /api/remediations (?state=a,b&action=&target=&incident=&limit=): newest first. */
export interface RemediationList {
  generatedAt: number;
  /** The global remediation.dryRun switch: nothing is changed in the cluster while true. */
  dryRun: boolean;
  /** Where actions run: the Kubernetes API, the simulated cluster (demo), or nowhere (remediation disabled). */
  backend: 'kubernetes' | 'simulator' | 'disabled';
  /** Counts over every stored proposal, by state (not only the listed ones). */
  counts: Partial<Record<ProposalState, number>>;
  proposals: RemediationProposal[];
}

/** POST /api/remediations/:id/approve and /reject. comment: up to 1000 characters; required to reject. */
export interface RemediationDecisionRequest {
  comment: string;
}

/**
 * The answer to approve/reject. changed false: the proposal already had this decision (a double click, a retried
 * request, a replayed token) and nothing happened again. A conflicting decision (approve a rejected or expired
 * proposal) is a 409 ApiError instead; a Viewer gets a 403, a caller without a verified Grafana identity a 401.
 */
export interface RemediationDecisionResult {
  changed: boolean;
  proposal: RemediationProposal;
}

/** GET /api/remediations/audit (?proposal=&event=a,b&actor=&target=&action=&since=&until=&limit=): oldest first. */
export interface RemediationAuditList {
  generatedAt: number;
  /** The log's hash chain, checked over every entry: false means a row was changed outside the sidecar. */
  chain: { ok: boolean; entries: number; firstBrokenSeq: number | null };
  entries: AuditEntry[];
}

/** One policy as GET /api/remediations/policies lists it. */
export interface RemediationPolicySummary {
  name: string;
  description: string;
  source: string;
  /** "alert ContainerMemoryLimitPredicted", "forecast container-memory under 1h", … */
  trigger: string;
  action: RemediationAction;
  target: string;
  approval: 'required' | 'automatic';
  dryRun: boolean;
  limits: {
    forbiddenNamespaces: string[];
    allowedNamespaces: string[];
    cooldownMs: number;
    maxConcurrent: number;
    rateLimit: { max: number; perMs: number };
    maxPodsAffected: number;
    maxReplicasChanged: number;
    expiryMs: number;
    verifyForMs: number;
  };
  onVerificationFailure: RemediationAction | null;
}

export interface RemediationPolicyList {
  dryRun: boolean;
  policies: RemediationPolicySummary[];
}
