// JSON schemas of the REST contract: Fastify validates and serialises with them and @fastify/swagger
// publishes them. The compile-time checks at the bottom keep them identical to the types in contract.ts,
// which the frontend imports, so the two cannot drift apart silently.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type * as C from './contract.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const EpochMs = Type.Number({ description: 'epoch milliseconds' });

export const Labels = Type.Record(Type.String(), Type.String());

export const ThresholdCrossing = Type.Object({
  at: Nullable(EpochMs),
  earliest: Nullable(EpochMs),
  latest: Nullable(EpochMs),
});

export const ForecastThreshold = Type.Object({
  value: Type.Number(),
  direction: Type.Union([Type.Literal('above'), Type.Literal('below')]),
  source: Type.Union([Type.Literal('static'), Type.Literal('query')]),
});

export const ModelScore = Type.Object({ model: Type.String(), mase: Type.Number() });

const summaryProperties = {
  id: Type.String(),
  job: Type.String(),
  title: Type.String(),
  unit: Type.String(),
  labels: Labels,
  current: Nullable(Type.Number()),
  model: Type.String(),
  mase: Nullable(Type.Number()),
  threshold: Nullable(ForecastThreshold),
  crossing: Nullable(ThresholdCrossing),
  secondsToThreshold: Nullable(Type.Number()),
  horizonSeconds: Type.Number(),
  level: Type.Number(),
  updatedAt: EpochMs,
};

export const ForecastSummary = Type.Object(summaryProperties);

export const ForecastPoint = Type.Object({
  t: EpochMs,
  yhat: Type.Number(),
  lower: Type.Number(),
  upper: Type.Number(),
});

export const ForecastDetail = Type.Object({
  ...summaryProperties,
  stepSeconds: Type.Number(),
  actual: Type.Array(Type.Object({ t: EpochMs, v: Nullable(Type.Number()) })),
  forecast: Type.Array(ForecastPoint),
  backtest: Type.Array(ModelScore),
});

export const ForecastList = Type.Object({ generatedAt: EpochMs, forecasts: Type.Array(ForecastSummary) });

export const JobStatus = Type.Object({
  name: Type.String(),
  title: Type.String(),
  query: Type.String(),
  state: Type.Union([Type.Literal('pending'), Type.Literal('ok'), Type.Literal('partial'), Type.Literal('error')]),
  lastRunAt: Nullable(EpochMs),
  lastDurationMs: Nullable(Type.Number()),
  nextRunAt: Nullable(EpochMs),
  series: Type.Integer(),
  failedSeries: Type.Integer(),
  error: Nullable(Type.String()),
});

export const CapacityHorizon = Type.Object({
  minutes: Type.Number(),
  pendingPods: Type.Number(),
  pendingPodsLower: Type.Number(),
  pendingPodsUpper: Type.Number(),
  nodesNeeded: Type.Number(),
  nodesNeededUpper: Type.Number(),
});

export const CapacityForecast = Type.Object({
  nodepool: Type.String(),
  currentNodes: Nullable(Type.Number()),
  currentPendingPods: Nullable(Type.Number()),
  podsPerNode: Type.Number(),
  horizons: Type.Array(CapacityHorizon),
  updatedAt: EpochMs,
});

export const SourceStatus = Type.Object({
  kind: Type.Union([Type.Literal('prometheus'), Type.Literal('simulator')]),
  state: Type.Union([Type.Literal('ok'), Type.Literal('degraded'), Type.Literal('unknown')]),
  url: Nullable(Type.String()),
  lastSuccessAt: Nullable(EpochMs),
  lastError: Nullable(Type.String()),
});

export const SidecarStatus = Type.Object({
  version: Type.String(),
  mode: Type.Union([Type.Literal('demo'), Type.Literal('live')]),
  startedAt: EpochMs,
  source: SourceStatus,
  jobs: Type.Array(JobStatus),
});

export const GrafanaRole = Type.Union([
  Type.Literal('Viewer'),
  Type.Literal('Editor'),
  Type.Literal('Admin'),
  Type.Literal('None'),
]);

export const GrafanaUser = Type.Object({
  uid: Type.String(),
  login: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: GrafanaRole,
  orgId: Type.Integer(),
});

export const WhoAmI = Type.Union([
  Type.Object({ authenticated: Type.Literal(true), user: GrafanaUser }),
  Type.Object({ authenticated: Type.Literal(false), reason: Type.String() }),
]);

const AnomalyKind = Type.Union([
  Type.Literal('spike'),
  Type.Literal('dip'),
  Type.Literal('level_shift'),
  Type.Literal('variance_change'),
  Type.Literal('drift'),
]);

export const AnomalyEvent = Type.Object({
  kind: AnomalyKind,
  direction: Type.Union([Type.Literal('up'), Type.Literal('down')]),
  size: Type.Number({ description: 'largest deviation in band half-widths (1 = on the band edge)' }),
  start: EpochMs,
  end: EpochMs,
  ongoing: Type.Boolean(),
  peakScore: Type.Number({ minimum: 0, maximum: 1 }),
  limitAt: Nullable(EpochMs),
});

const anomalySummaryProperties = {
  id: Type.String(),
  job: Type.String(),
  title: Type.String(),
  unit: Type.String(),
  labels: Labels,
  current: Nullable(Type.Number()),
  score: Type.Number({ minimum: 0, maximum: 1 }),
  anomalous: Type.Union([Type.Literal(-1), Type.Literal(0), Type.Literal(1)]),
  bandLower: Nullable(Type.Number()),
  bandUpper: Nullable(Type.Number()),
  latestEvent: Nullable(AnomalyEvent),
  eventCount: Type.Integer(),
  forecastId: Nullable(Type.String()),
  threshold: Type.Number(),
  updatedAt: EpochMs,
};

export const AnomalySummary = Type.Object(anomalySummaryProperties);

export const AnomalyPoint = Type.Object({
  t: EpochMs,
  v: Nullable(Type.Number()),
  expected: Nullable(Type.Number()),
  lower: Nullable(Type.Number()),
  upper: Nullable(Type.Number()),
  score: Type.Number(),
  isAnomaly: Type.Boolean(),
});

export const AnomalyDetail = Type.Object({
  ...anomalySummaryProperties,
  stepSeconds: Type.Number(),
  points: Type.Array(AnomalyPoint),
  events: Type.Array(AnomalyEvent),
});

export const AnomalyList = Type.Object({ generatedAt: EpochMs, anomalies: Type.Array(AnomalySummary) });

export const OutlierInterval = Type.Object({ start: EpochMs, end: EpochMs });

export const OutlierReason = Type.Object({
  feature: Type.String(),
  direction: Type.Union([Type.Literal('above'), Type.Literal('below')]),
  value: Type.Number(),
  groupMedian: Type.Number(),
  bandLower: Type.Number(),
  bandUpper: Type.Number(),
  share: Type.Number(),
  summary: Type.String(),
});

export const OutlierMember = Type.Object({
  id: Type.String(),
  labels: Labels,
  outlying: Type.Boolean(),
  score: Type.Number(),
  intervals: Type.Array(OutlierInterval),
  reasons: Type.Array(OutlierReason),
  latest: Type.Record(Type.String(), Nullable(Type.Number())),
});

export const OutlierGroupResult = Type.Object({
  id: Type.String(),
  job: Type.String(),
  title: Type.String(),
  groupLabels: Labels,
  features: Type.Array(Type.String()),
  tooSmall: Type.Boolean(),
  members: Type.Array(OutlierMember),
  outlierCount: Type.Integer(),
  updatedAt: EpochMs,
});

export const OutlierList = Type.Object({ generatedAt: EpochMs, groups: Type.Array(OutlierGroupResult) });

export const ApiError = Type.Object({ error: Type.String(), message: Type.String(), statusCode: Type.Integer() });

/** Not in contract.ts (the frontend doesn't call the probes); documented here for operators. */
export const ReadinessStatus = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not ready')]),
  reasons: Type.Array(Type.String()),
});
export type ReadinessStatus = Static<typeof ReadinessStatus>;

// ---- SLOs ----
const NullableNumber = Nullable(Type.Number());
const NullableEpochMs = Nullable(EpochMs);

export const SloBurnRate = Type.Object({ window: Type.String(), burnRate: NullableNumber });

export const SloAlertRule = Type.Object({
  severity: Type.Union([Type.Literal('page'), Type.Literal('ticket')]),
  longWindow: Type.String(),
  shortWindow: Type.String(),
  factor: Type.Number(),
  firing: Nullable(Type.Boolean()),
});

export const SloForecast = Type.Object({
  outcome: Nullable(
    Type.Union([
      Type.Literal('exhausts'),
      Type.Literal('already-exhausted'),
      Type.Literal('not-exhausted-before-reset'),
      Type.Literal('not-exhausted-within-horizon'),
      Type.Literal('no-traffic'),
      Type.Literal('insufficient-history'),
    ])
  ),
  exhaustedAt: NullableEpochMs,
  earliest: NullableEpochMs,
  latest: NullableEpochMs,
  endAt: NullableEpochMs,
  budgetAtEnd: Type.Object({ expected: NullableNumber, lower: NullableNumber, upper: NullableNumber }),
  safeBurnRate: NullableNumber,
  models: Nullable(Type.Object({ total: Type.String(), errors: Type.String() })),
});

const sloSummaryProperties = {
  id: Type.String(),
  name: Type.String(),
  service: Type.String(),
  title: Type.String(),
  description: Nullable(Type.String()),
  objective: Type.Number(),
  window: Type.String({ description: '"30d" (rolling) or "calendar-month"' }),
  indicator: Type.Union([Type.Literal('ratio'), Type.Literal('latency'), Type.Literal('raw')]),
  labels: Labels,
  source: Type.String(),
  state: Type.Union([Type.Literal('pending'), Type.Literal('ok'), Type.Literal('error')]),
  error: Nullable(Type.String()),
  sli: NullableNumber,
  errorBudget: Type.Number(),
  budgetRemaining: NullableNumber,
  burnRates: Type.Array(SloBurnRate),
  alertState: Type.Union([Type.Literal('page'), Type.Literal('ticket'), Type.Literal('none')]),
  forecast: SloForecast,
  secondsToExhaustion: NullableNumber,
  updatedAt: NullableEpochMs,
};

export const SloSummary = Type.Object(sloSummaryProperties);

export const SloDetail = Type.Object({
  ...sloSummaryProperties,
  stepSeconds: NullableNumber,
  windowStart: NullableEpochMs,
  periodEnd: NullableEpochMs,
  total: NullableNumber,
  errors: NullableNumber,
  missingSteps: NullableNumber,
  partialWindow: Type.Boolean(),
  alerts: Type.Array(SloAlertRule),
  history: Type.Array(Type.Object({ t: EpochMs, budgetRemaining: NullableNumber, errorRatio: NullableNumber })),
  forecastPath: Type.Array(
    Type.Object({ t: EpochMs, expected: NullableNumber, lower: NullableNumber, upper: NullableNumber })
  ),
});

export const SloList = Type.Object({ generatedAt: EpochMs, slos: Type.Array(SloSummary) });

// ---- compile-time guarantees that the schemas describe exactly the contract's types ----
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <A, B>(ok: Same<A, B>) => ok;
same<Static<typeof ForecastSummary>, C.ForecastSummary>(true);
same<Static<typeof ForecastDetail>, C.ForecastDetail>(true);
same<Static<typeof ForecastList>, C.ForecastList>(true);
same<Static<typeof JobStatus>, C.JobStatus>(true);
same<Static<typeof CapacityForecast>, C.CapacityForecast>(true);
same<Static<typeof SidecarStatus>, C.SidecarStatus>(true);
same<Static<typeof ApiError>, C.ApiError>(true);
same<Static<typeof GrafanaUser>, C.GrafanaUser>(true);
same<Static<typeof WhoAmI>, C.WhoAmI>(true);
same<Static<typeof AnomalyEvent>, C.AnomalyEvent>(true);
same<Static<typeof AnomalySummary>, C.AnomalySummary>(true);
same<Static<typeof AnomalyDetail>, C.AnomalyDetail>(true);
same<Static<typeof AnomalyList>, C.AnomalyList>(true);
same<Static<typeof OutlierGroupResult>, C.OutlierGroupResult>(true);
same<Static<typeof OutlierList>, C.OutlierList>(true);
same<Static<typeof SloSummary>, C.SloSummary>(true);
same<Static<typeof SloDetail>, C.SloDetail>(true);
same<Static<typeof SloList>, C.SloList>(true);
