// JSON schemas of the alert part of the REST contract (validation, serialisation, OpenAPI). The compile-time checks
// at the bottom keep them identical to the types in api/contract.ts.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type * as C from '../api/contract.ts';
import { Labels } from '../api/schemas.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const EpochMs = Type.Number({ description: 'epoch milliseconds' });
const NullableText = Nullable(Type.String());

export const AlertStatus = Type.Unsafe<C.AlertStatus>({ type: 'string', enum: ['firing', 'resolved'] });

const alertSummaryProperties = {
  id: Type.String({ description: '"<fingerprint>-<startsAt>": one occurrence of the alert' }),
  fingerprint: Type.String({ description: "Alertmanager's fingerprint: a hash of the labels" }),
  status: AlertStatus,
  resolvedBy: Nullable(
    Type.Unsafe<'alertmanager' | 'superseded'>({
      type: 'string',
      enum: ['alertmanager', 'superseded'],
      description: "Alertmanager's resolved notification, or inferred from a newer occurrence of the same fingerprint",
    })
  ),
  alertname: NullableText,
  severity: NullableText,
  namespace: NullableText,
  labels: Labels,
  annotations: Labels,
  startsAt: EpochMs,
  endsAt: Nullable(EpochMs),
  generatorURL: NullableText,
  receiver: Type.String(),
  firstReceivedAt: EpochMs,
  lastReceivedAt: EpochMs,
  receivedCount: Type.Integer({ description: 'notifications received about this occurrence (re-sends folded in)' }),
};

export const AlertSummary = Type.Object(alertSummaryProperties);

export const AlertOccurrence = Type.Object({
  id: Type.String(),
  status: AlertStatus,
  startsAt: EpochMs,
  endsAt: Nullable(EpochMs),
});

export const AlertDetail = Type.Object({
  ...alertSummaryProperties,
  groupKey: Type.String(),
  externalURL: Type.String(),
  occurrences: Type.Array(AlertOccurrence),
});

export const AlertList = Type.Object({
  generatedAt: EpochMs,
  total: Type.Integer(),
  alerts: Type.Array(AlertSummary),
});

export const AlertmanagerWebhookResult = Type.Object({
  received: Type.Integer(),
  opened: Type.Integer(),
  updated: Type.Integer(),
  resolved: Type.Integer(),
  duplicate: Type.Integer(),
  stale: Type.Integer(),
});

// ---- compile-time guarantees that the schemas describe exactly the contract's types ----
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <A, B>(ok: Same<A, B>) => ok;
same<Static<typeof AlertSummary>, C.AlertSummary>(true);
same<Static<typeof AlertDetail>, C.AlertDetail>(true);
same<Static<typeof AlertList>, C.AlertList>(true);
same<Static<typeof AlertmanagerWebhookResult>, C.AlertmanagerWebhookResult>(true);
