// The incident model: one critical alert (or several about the same thing) with the evidence correlated to it and
// an explanation. Served as is by the REST API (contract.ts re-exports these types), so times are epoch
// milliseconds and every field is JSON.

export type IncidentSeverity = 'critical' | 'warning' | 'info';

/** Where the problem is; the keys incidents are correlated on. null: not known from the evidence. */
export interface IncidentScope {
  namespace: string | null;
  /** The owning workload, e.g. { kind: 'Deployment', name: 'checkout' }. */
  workload: { kind: string; name: string } | null;
  pods: string[];
  nodes: string[];
}

export interface IncidentAlert {
  fingerprint: string;
  alertname: string;
  status: 'firing' | 'resolved';
  severity: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: number;
  endsAt: number | null;
  generatorURL: string | null;
}

export interface IncidentFinding {
  /** "<namespace>/<name>" of the K8sGPT Result. */
  id: string;
  /** The analysed object's kind and "<namespace>/<name>". */
  kind: string;
  name: string;
  severity: IncidentSeverity;
  errors: string[];
  /** K8sGPT's own AI explanation, when its backend produced one. */
  details: string | null;
  parentObject: string | null;
  firstSeen: number;
  /** null while the Result still exists. */
  goneAt: number | null;
}

export interface IncidentAnomaly {
  /** The anomaly series id (links to /anomalies/<id>). */
  id: string;
  title: string;
  kind: string;
  direction: 'up' | 'down' | null;
  score: number;
  start: number;
  ongoing: boolean;
}

export interface IncidentForecast {
  /** The forecast series id (links to /forecasts/<id>). */
  id: string;
  title: string;
  /** The series' unit ("bytes", "percentunit", "cores", …), for formatting value and threshold. */
  unit: string;
  current: number | null;
  threshold: number;
  direction: 'above' | 'below';
  /** When the forecast crosses the threshold; in the past when it already has. */
  crossesAt: number;
}

export interface IncidentEvent {
  reason: string;
  message: string;
  type: 'Normal' | 'Warning';
  /** "<Kind>/<name>" of the involved object. */
  object: string;
  count: number;
  lastSeen: number;
}

export type RemediationKind =
  | 'rollout-restart'
  | 'scale'
  | 'delete-pod'
  | 'cordon-node'
  | 'drain-node'
  | 'rollback'
  | 'silence'
  | 'k8sgpt-analysis'
  | 'investigate';

/** A pointer to one piece of evidence, e.g. { type: 'finding', id: 'shop/checkout-7d9' }. */
export interface EvidenceRef {
  type: 'alert' | 'finding' | 'anomaly' | 'forecast' | 'event';
  id: string;
}

export interface RemediationSuggestion {
  /** 1 is the first thing to try. */
  rank: number;
  kind: RemediationKind;
  /** "<Kind>/<namespace>/<name>" of what the action would change; null for investigate. */
  target: string | null;
  /** One sentence a person can act on, e.g. "Restart Deployment shop/checkout: its memory grows 40 MiB/h". */
  title: string;
  /** Why this action, in terms of the evidence. */
  rationale: string;
  evidence: EvidenceRef[];
  /** 0–1: how strongly the evidence supports this action over the others. */
  confidence: number;
}

export type ExplainerName = 'built-in' | 'openai' | 'anthropic';

export interface IncidentExplanation {
  /** One or two sentences: what broke and the most likely cause. */
  summary: string;
  /** The most likely cause in a few words ("memory leak in checkout", "node not ready"). */
  cause: string;
  /** Supporting observations, each tied to evidence. */
  details: Array<{ text: string; evidence: EvidenceRef[] }>;
  explainer: ExplainerName;
  /** The LLM model, when an LLM wrote it. */
  model: string | null;
  generatedAt: number;
  /** Why the built-in explainer was used instead of the configured provider (timeout, HTTP 500, …). */
  fallbackReason: string | null;
}

/** Everything an explainer may look at: the incident without its explanation. */
export interface IncidentContext {
  id: string;
  title: string;
  severity: IncidentSeverity;
  scope: IncidentScope;
  openedAt: number;
  alerts: IncidentAlert[];
  findings: IncidentFinding[];
  anomalies: IncidentAnomaly[];
  forecasts: IncidentForecast[];
  events: IncidentEvent[];
}

export interface TimelineEntry {
  at: number;
  type: EvidenceRef['type'] | 'suggestion' | 'resolved';
  text: string;
  ref: EvidenceRef | null;
}

export interface Incident extends IncidentContext {
  status: 'open' | 'resolved';
  updatedAt: number;
  resolvedAt: number | null;
  timeline: TimelineEntry[];
  explanation: IncidentExplanation | null;
  suggestions: RemediationSuggestion[];
}

/** One row of the incident list: enough to triage without opening it. */
export interface IncidentSummary {
  id: string;
  title: string;
  severity: IncidentSeverity;
  status: Incident['status'];
  scope: IncidentScope;
  openedAt: number;
  updatedAt: number;
  resolvedAt: number | null;
  /** explanation.cause, when explained. */
  cause: string | null;
  /** The first-ranked suggestion's title. */
  topSuggestion: string | null;
  counts: { alerts: number; firing: number; findings: number; anomalies: number; forecasts: number; events: number };
}

export interface IncidentList {
  generatedAt: number;
  /** Open first, then by severity, then most recently updated. */
  incidents: IncidentSummary[];
}
