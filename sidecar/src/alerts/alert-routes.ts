// HTTP side of alerts:
//   POST /api/alertmanager/webhook   Alertmanager's webhook receiver. Authenticated by its own bearer token
//                                    (alertmanager.webhookToken), not the API token: Alertmanager calls the sidecar
//                                    directly, not through Grafana's plugin proxy, so X-Grafana-Id does not apply.
//                                    No token configured: 503, never an unauthenticated write.
//   GET  /api/alerts                 stored alerts with filters, for the app (API token + X-Grafana-Id as every /api/*)
//   GET  /api/alerts/:id             one occurrence with its sibling occurrences
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AlertDetail, AlertList, AlertmanagerWebhookResult, ApiError } from '../api/contract.ts';
import { bearerToken, tokenMatches } from '../api/auth.ts';
import { apiError } from '../api/errors.ts';
import * as S from '../api/schemas.ts';
import type { AlertStore } from '../store/alert-store.ts';
import type { AlertReceiver } from './alert-receiver.ts';
import { noAlertMetrics, type AlertMetrics } from './alert-metrics.ts';
import * as A from './alert-schemas.ts';
import { formatSchemaErrors, WebhookPayload, WebhookPayloadError } from './webhook-payload.ts';

export const WEBHOOK_PATH = '/api/alertmanager/webhook';

/** Alertmanager sends every alert of a group unless max_alerts is set; a storm of 1,000 alerts is ~1 MB. */
export const WEBHOOK_BODY_LIMIT = 16 * 1024 * 1024;

export interface AlertRoutesDeps {
  /** Absent: the routes exist (and are documented) but there is nothing to serve or store. */
  alerts?: { store: AlertStore; receiver: AlertReceiver };
  /** The webhook's bearer token; "" disables the webhook (503). */
  webhookToken: string;
  metrics?: AlertMetrics;
}

const AlertsQuery = Type.Object({
  status: Type.Optional(A.AlertStatus),
  severity: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'exact severity label' })),
  namespace: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'exact namespace label' })),
  alertname: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'exact alertname label' })),
  fingerprint: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  since: Type.Optional(
    Type.Integer({
      minimum: 0,
      description: 'epoch ms: only alerts active at some time since then (firing, or ended at or after it)',
    })
  ),
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 5_000, default: 500, description: 'at most this many, firing first' })
  ),
});
const AlertParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 256 }) });

const DISABLED =
  'the Alertmanager webhook is disabled: set alertmanager.webhookToken or alertmanager.webhookTokenFile ' +
  "(PROPHET_ALERTMANAGER_TOKEN / PROPHET_ALERTMANAGER_TOKEN_FILE) and send it as Alertmanager's " +
  'http_config.authorization credentials';
const NO_STORE = 'the Alertmanager webhook is disabled: this sidecar has no alert store';

export function registerAlertRoutes(app: FastifyInstance, deps: AlertRoutesDeps): void {
  const metrics = deps.metrics ?? noAlertMetrics;
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  const checkWebhookToken = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!deps.webhookToken || !deps.alerts) {
      await reply.code(503).send(apiError(503, deps.webhookToken ? NO_STORE : DISABLED));
      return;
    }
    if (!tokenMatches(bearerToken(request.headers.authorization), deps.webhookToken)) {
      const body: ApiError = apiError(401, 'missing or invalid Alertmanager webhook bearer token');
      reply.header('www-authenticate', 'Bearer realm="prophet-aiops-alertmanager"');
      await reply.code(401).send(body);
    }
  };

  app.post<{ Body: Static<typeof WebhookPayload> }>(
    WEBHOOK_PATH,
    {
      config: { ownAuth: true },
      bodyLimit: WEBHOOK_BODY_LIMIT,
      onRequest: checkWebhookToken,
      schemaErrorFormatter: formatSchemaErrors,
      schema: {
        tags: ['alerts'],
        security: [{ alertmanagerToken: [] }],
        summary:
          'Alertmanager webhook receiver (payload version 4): stores the alerts, folding re-sends by fingerprint; ' +
          'resolved alerts close what they opened',
        body: WebhookPayload,
        response: {
          200: A.AlertmanagerWebhookResult,
          400: S.ApiError,
          401: S.ApiError,
          413: S.ApiError,
          500: S.ApiError,
          503: S.ApiError,
        },
      },
      onResponse: async (_request, reply) => {
        const status = reply.statusCode;
        if (status === 401) {
          metrics.rejected('unauthorized');
        } else if (status === 503) {
          metrics.rejected('disabled');
        } else if (status >= 400 && status < 500) {
          metrics.rejected('invalid');
        } else if (status >= 500) {
          metrics.rejected('error');
        }
      },
    },
    async (request, reply): Promise<AlertmanagerWebhookResult> => {
      try {
        return deps.alerts!.receiver.receive(request.body);
      } catch (error) {
        if (error instanceof WebhookPayloadError) {
          return reply.code(400).send(apiError(400, error.message));
        }
        throw error;
      }
    }
  );

  const alertTags = { tags: ['alerts'], security: [{ bearerAuth: [] }] };
  const errors = { 400: S.ApiError, 401: S.ApiError, 500: S.ApiError, 503: S.ApiError };

  app.get<{ Querystring: Static<typeof AlertsQuery> }>(
    '/api/alerts',
    {
      schema: {
        ...alertTags,
        summary: 'Alerts received from Alertmanager, firing first, then the most recently started',
        querystring: AlertsQuery,
        response: { 200: A.AlertList, ...errors },
      },
    },
    async (request): Promise<AlertList> => {
      const generatedAt = Date.now();
      if (!deps.alerts) {
        return { generatedAt, total: 0, alerts: [] };
      }
      const { total, alerts } = deps.alerts.store.list(request.query);
      return {
        generatedAt,
        total,
        alerts: alerts.map(({ groupKey, externalURL, ...summary }) => summary),
      };
    }
  );

  app.get<{ Params: Static<typeof AlertParams> }>(
    '/api/alerts/:id',
    {
      schema: {
        ...alertTags,
        summary: 'One alert occurrence, with every occurrence of the same fingerprint',
        params: AlertParams,
        response: { 200: A.AlertDetail, 404: S.ApiError, ...errors },
      },
    },
    async (request, reply): Promise<AlertDetail> => {
      const alert = deps.alerts?.store.get(request.params.id);
      if (!alert) {
        return reply.code(404).send(apiError(404, `alert "${request.params.id}" not found`));
      }
      const occurrences = deps
        .alerts!.store.byFingerprint(alert.fingerprint)
        .map(({ id, status, startsAt, endsAt }) => ({ id, status, startsAt, endsAt }));
      return { ...alert, occurrences };
    }
  );
}
