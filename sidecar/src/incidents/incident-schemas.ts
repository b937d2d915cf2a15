// JSON schemas of the incident routes (validation, serialisation, OpenAPI), checked at compile time against the
// types in types.ts the way api/schemas.ts checks the rest of the contract.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type * as T from './types.ts';

const Nullable = <S extends TSchema>(schema: S) => Type.Union([schema, Type.Null()]);
const EpochMs = Type.Number({ description: 'epoch milliseconds' });
const Labels = Type.Record(Type.String(), Type.String());

export const IncidentSeverity = Type.Union([Type.Literal('critical'), Type.Literal('warning'), Type.Literal('info')]);
const Status = Type.Union([Type.Literal('open'), Type.Literal('resolved')]);

export const IncidentScope = Type.Object({
  namespace: Nullable(Type.String()),
  workload: Nullable(Type.Object({ kind: Type.String(), name: Type.String() })),
  pods: Type.Array(Type.String()),
  nodes: Type.Array(Type.String()),
});

const EvidenceType = Type.Union([
  Type.Literal('alert'),
  Type.Literal('finding'),
  Type.Literal('anomaly'),
  Type.Literal('forecast'),
  Type.Literal('event'),
]);
const EvidenceRef = Type.Object({ type: EvidenceType, id: Type.String() });

const IncidentAlert = Type.Object({
  fingerprint: Type.String(),
  alertname: Type.String(),
  status: Type.Union([Type.Literal('firing'), Type.Literal('resolved')]),
  severity: Nullable(Type.String()),
  labels: Labels,
  annotations: Labels,
  startsAt: EpochMs,
  endsAt: Nullable(EpochMs),
  generatorURL: Nullable(Type.String()),
});

const IncidentFinding = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  severity: IncidentSeverity,
  errors: Type.Array(Type.String()),
  details: Nullable(Type.String()),
  parentObject: Nullable(Type.String()),
  firstSeen: EpochMs,
  goneAt: Nullable(EpochMs),
});

const IncidentAnomaly = Type.Object({
  id: Type.String(),
  title: Type.String(),
  kind: Type.String(),
  direction: Type.Union([Type.Literal('up'), Type.Literal('down'), Type.Null()]),
  score: Type.Number(),
  start: EpochMs,
  ongoing: Type.Boolean(),
});

const IncidentForecast = Type.Object({
  id: Type.String(),
  title: Type.String(),
  unit: Type.String(),
  current: Nullable(Type.Number()),
  threshold: Type.Number(),
  direction: Type.Union([Type.Literal('above'), Type.Literal('below')]),
  crossesAt: EpochMs,
});

const IncidentEvent = Type.Object({
  reason: Type.String(),
  message: Type.String(),
  type: Type.Union([Type.Literal('Normal'), Type.Literal('Warning')]),
  object: Type.String(),
  count: Type.Number(),
  lastSeen: EpochMs,
});

const RemediationKind = Type.Union([
  Type.Literal('rollout-restart'),
  Type.Literal('scale'),
  Type.Literal('delete-pod'),
  Type.Literal('cordon-node'),
  Type.Literal('drain-node'),
  Type.Literal('rollback'),
  Type.Literal('silence'),
  Type.Literal('k8sgpt-analysis'),
  Type.Literal('investigate'),
]);

const RemediationSuggestion = Type.Object({
  rank: Type.Integer({ minimum: 1 }),
  kind: RemediationKind,
  target: Nullable(Type.String()),
  title: Type.String(),
  rationale: Type.String(),
  evidence: Type.Array(EvidenceRef),
  confidence: Type.Number({ minimum: 0, maximum: 1 }),
});

const IncidentExplanation = Type.Object({
  summary: Type.String(),
  cause: Type.String(),
  details: Type.Array(Type.Object({ text: Type.String(), evidence: Type.Array(EvidenceRef) })),
  explainer: Type.Union([Type.Literal('built-in'), Type.Literal('openai'), Type.Literal('anthropic')]),
  model: Nullable(Type.String()),
  generatedAt: EpochMs,
  fallbackReason: Nullable(Type.String()),
});

const TimelineEntry = Type.Object({
  at: EpochMs,
  type: Type.Union([EvidenceType, Type.Literal('suggestion'), Type.Literal('resolved')]),
  text: Type.String(),
  ref: Nullable(EvidenceRef),
});

export const Incident = Type.Object({
  id: Type.String(),
  title: Type.String(),
  severity: IncidentSeverity,
  scope: IncidentScope,
  openedAt: EpochMs,
  alerts: Type.Array(IncidentAlert),
  findings: Type.Array(IncidentFinding),
  anomalies: Type.Array(IncidentAnomaly),
  forecasts: Type.Array(IncidentForecast),
  events: Type.Array(IncidentEvent),
  status: Status,
  updatedAt: EpochMs,
  resolvedAt: Nullable(EpochMs),
  timeline: Type.Array(TimelineEntry),
  explanation: Nullable(IncidentExplanation),
  suggestions: Type.Array(RemediationSuggestion),
});

const count = Type.Integer({ minimum: 0 });
export const IncidentSummary = Type.Object({
  id: Type.String(),
  title: Type.String(),
  severity: IncidentSeverity,
  status: Status,
  scope: IncidentScope,
  openedAt: EpochMs,
  updatedAt: EpochMs,
  resolvedAt: Nullable(EpochMs),
  cause: Nullable(Type.String()),
  topSuggestion: Nullable(Type.String()),
  counts: Type.Object({
    alerts: count,
    firing: count,
    findings: count,
    anomalies: count,
    forecasts: count,
    events: count,
  }),
});

export const IncidentList = Type.Object({ generatedAt: EpochMs, incidents: Type.Array(IncidentSummary) });

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <A, B>(ok: Same<A, B>) => ok;
same<Static<typeof Incident>, T.Incident>(true);
same<Static<typeof IncidentSummary>, T.IncidentSummary>(true);
same<Static<typeof IncidentList>, T.IncidentList>(true);
