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

export const ApiError = Type.Object({ error: Type.String(), message: Type.String(), statusCode: Type.Integer() });

/** Not in contract.ts (the frontend doesn't call the probes); documented here for operators. */
export const ReadinessStatus = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not ready')]),
  reasons: Type.Array(Type.String()),
});
export type ReadinessStatus = Static<typeof ReadinessStatus>;

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
