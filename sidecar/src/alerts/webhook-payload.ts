// Alertmanager's webhook payload, version "4" (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config):
//   {version, groupKey, truncatedAlerts, status, receiver, groupLabels, commonLabels, commonAnnotations, externalURL,
//    alerts[]{status, labels, annotations, startsAt, endsAt, generatorURL, fingerprint}}
// Alertmanager 0.32 adds notification_reason and 0.34 routeLabels; both may be missing, and fields this schema does not
// name are accepted and ignored, so a newer Alertmanager keeps working. Times are RFC 3339 with up to nanoseconds;
// firing alerts carry Go's zero time ("0001-01-01T00:00:00Z") or a provisional end as endsAt.
import { Type, type Static } from '@sinclair/typebox';
import type { AlertNotification } from '../store/alert-store.ts';

const LabelSet = Type.Record(Type.String(), Type.String());
const Status = Type.Unsafe<'firing' | 'resolved'>({ type: 'string', enum: ['firing', 'resolved'] });
const Timestamp = Type.String({ format: 'date-time', description: 'RFC 3339 time' });

export const WebhookAlert = Type.Object({
  status: Status,
  labels: LabelSet,
  annotations: LabelSet,
  startsAt: Timestamp,
  endsAt: Timestamp,
  generatorURL: Type.String(),
  // Alertmanager's is 16 hex digits (a hash of the labels); it ends up in ids and URLs, so keep it plain.
  fingerprint: Type.String({ pattern: '^[A-Za-z0-9._:-]{1,128}$' }),
});

export const WebhookPayload = Type.Object(
  {
    version: Type.Literal('4', { description: 'payload version; only "4" is understood' }),
    groupKey: Type.String(),
    truncatedAlerts: Type.Optional(
      Type.Integer({ minimum: 0, description: 'alerts left out by max_alerts (they are lost to the receiver)' })
    ),
    status: Status,
    receiver: Type.String(),
    groupLabels: LabelSet,
    commonLabels: LabelSet,
    commonAnnotations: LabelSet,
    externalURL: Type.String(),
    alerts: Type.Array(WebhookAlert),
    notification_reason: Type.Optional(Type.String({ description: 'Alertmanager 0.32+' })),
    routeLabels: Type.Optional(LabelSet),
  },
  { description: 'Alertmanager webhook payload, version 4; unknown fields are ignored' }
);

export type WebhookPayload = Static<typeof WebhookPayload>;

/** A payload that passes the schema but cannot be stored (a start that is Go's zero time). */
export class WebhookPayloadError extends Error {
  override name = 'WebhookPayloadError';
}

/** Times before 1970-01-02 (Go's zero time included) mean "not set". */
const UNSET_BEFORE = 86_400_000;

function epochMs(text: string): number | null {
  const ms = Date.parse(text);
  return Number.isFinite(ms) && ms >= UNSET_BEFORE ? ms : null;
}

/** The payload's alerts as the store takes them; throws WebhookPayloadError naming the field. */
export function toNotifications(payload: WebhookPayload): AlertNotification[] {
  return payload.alerts.map((alert, i) => {
    const startsAt = epochMs(alert.startsAt);
    if (startsAt === null) {
      throw new WebhookPayloadError(
        `body.alerts[${i}].startsAt: expected the time the alert started, got ${JSON.stringify(alert.startsAt)}`
      );
    }
    return {
      fingerprint: alert.fingerprint,
      status: alert.status,
      labels: alert.labels,
      annotations: alert.annotations,
      startsAt,
      endsAt: alert.status === 'resolved' ? epochMs(alert.endsAt) : null,
      generatorURL: alert.generatorURL || null,
      receiver: payload.receiver,
      groupKey: payload.groupKey,
      externalURL: payload.externalURL,
    };
  });
}

/** The subset of Ajv's error objects the formatter reads. */
export interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

/** "/alerts/0/status" → "body.alerts[0].status". */
export function fieldName(dataVar: string, instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((out, part) => (/^\d+$/.test(part) ? `${out}[${part}]` : `${out}.${part}`), dataVar);
}

/**
 * One sentence per failed field, naming it the way a person reads the JSON:
 *   body.version: must be "4" (Alertmanager webhook payload version)
 *   body.alerts[0].fingerprint: is required
 */
export function formatSchemaErrors(errors: readonly SchemaError[], dataVar: string): Error {
  const messages = new Map<string, string>();
  for (const error of errors) {
    let field = fieldName(dataVar, error.instancePath);
    let message: string;
    switch (error.keyword) {
      case 'required':
        field = `${field}.${String(error.params.missingProperty)}`;
        message = 'is required';
        break;
      case 'const':
        message =
          field === `${dataVar}.version`
            ? `must be ${JSON.stringify(error.params.allowedValue)} (Alertmanager webhook payload version)`
            : `must be ${JSON.stringify(error.params.allowedValue)}`;
        break;
      case 'enum':
        message = `must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
        break;
      case 'format':
        message = error.params.format === 'date-time' ? 'must be an RFC 3339 time' : (error.message ?? 'is invalid');
        break;
      default:
        message = error.message ?? 'is invalid';
    }
    if (!messages.has(field)) {
      messages.set(field, `${field}: ${message}`);
    }
  }
  return new Error([...messages.values()].join('; ') || `${dataVar} is invalid`);
}
