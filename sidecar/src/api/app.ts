// Builds the sidecar's HTTP app without listening: the CLI decides where to listen and wires shutdown
// (see closeGracefully), and tests drive the same app through `app.inject`.
import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { Config } from '../config/config-types.ts';
import type { ForecastReader } from '../forecasts/forecast-reader.ts';
import { noDetection, type DetectionReader } from '../anomalies/detection-reader.ts';
import type { SourceHealth } from '../sources/metric-source.ts';
import { noSlos, type SloReader } from '../slos/slo-reader.ts';
import { registerAlertRoutes } from '../alerts/alert-routes.ts';
import type { Alerting } from '../alerts/create-alerting.ts';
import { registerApiRoutes } from './api-routes.ts';
import { requireBearerToken } from './auth.ts';
import { installErrorHandlers } from './errors.ts';
import { createIdentityVerifier, identityMode, requireGrafanaIdentity } from './grafana-identity.ts';
import { instrumentRequests } from './http-metrics.ts';
import { createLogger } from './logger.ts';
import { registerOpsRoutes } from './ops-routes.ts';

export interface AppDeps {
  config: Config;
  /** A pino logger, ideally from createLogger (which redacts tokens); defaults to one at config.server.logLevel. */
  logger?: FastifyBaseLogger;
  forecasts: ForecastReader;
  /** Anomaly and outlier jobs; without them the routes serve empty lists and readiness ignores them. */
  detection?: DetectionReader;
  /** SLO jobs; without them /api/slos is an empty list. */
  slos?: SloReader;
  /**
   * Stored alerts and the Alertmanager webhook receiver (createAlerting); without them /api/alerts is an empty list
   * and the webhook answers 503. The webhook's token is config.alertmanager.webhookToken.
   */
  alerts?: Pick<Alerting, 'store' | 'receiver' | 'metrics'>;
  sourceHealth: () => SourceHealth;
  mode: 'demo' | 'live';
  version: string;
  /** Registry served at /metrics; the app adds process metrics and its request histogram to it. */
  registry: Registry;
  /** More routes, registered after the built-in ones; paths under /api/ get the same bearer-token check. */
  extraRoutes?: (app: FastifyInstance) => void;
  /** Reported by /api/status; defaults to when buildApp was called. */
  startedAt?: number;
}

// Accept a caller's request id (so one id follows a request from Grafana's proxy into our logs) only
// when it is short and plain, so it cannot inject into log lines.
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function buildApp(deps: AppDeps): FastifyInstance {
  const checkToken = requireBearerToken(deps.config.server.token);
  const app = Fastify({
    loggerInstance: deps.logger ?? createLogger(deps.config.server.logLevel),
    requestIdHeader: false,
    genReqId: (req) => {
      const offered = req.headers['x-request-id'];
      return typeof offered === 'string' && REQUEST_ID.test(offered) ? offered : randomUUID();
    },
    // Probes and dashboards poll; bound how long a stalled client can hold a socket.
    requestTimeout: 30_000,
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onRequest', checkToken);
  // After the bearer token (which proves the request came through Grafana's proxy): who in Grafana sent it.
  app.decorateRequest('grafanaIdentity', null);
  const mode = identityMode(deps.config);
  if (mode !== 'off') {
    const { url, orgId, jwksUrl } = deps.config.grafana;
    app.addHook('onRequest', requireGrafanaIdentity(createIdentityVerifier({ url, orgId, jwksUrl }), mode));
  }
  // Once closing, ask keep-alive clients (Grafana's proxy, fetch) to drop the connection after the in-flight
  // response; otherwise server.close() waits for them until the shutdown deadline.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) {
      reply.header('connection', 'close');
    }
  });
  instrumentRequests(app, deps.registry);
  installErrorHandlers(app);

  app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Prophet AIOps sidecar API',
        version: deps.version,
        description:
          'Forecasts of Kubernetes resource exhaustion, anomalies, SLOs and Alertmanager alerts, served to the Prophet AIOps Grafana app.',
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer' },
          grafanaId: {
            type: 'apiKey',
            in: 'header',
            name: 'X-Grafana-Id',
            description: "ES256 identity token added by Grafana's plugin proxy; required when grafana.url is set",
          },
          alertmanagerToken: {
            type: 'http',
            scheme: 'bearer',
            description:
              "The Alertmanager webhook's own token (alertmanager.webhookToken), sent by Alertmanager as " +
              'http_config.authorization credentials; not the API token',
          },
        },
      },
    },
  });
  // Routes go in child plugins registered after swagger, so its onRoute hook sees (and documents) all of them.
  const detection = deps.detection ?? noDetection;
  const slos = deps.slos ?? noSlos;
  app.register(async (ops) => registerOpsRoutes(ops, { ...deps, detection, slos }));
  const startedAt = deps.startedAt ?? Date.now();
  app.register(async (api) =>
    registerApiRoutes(api, { ...deps, detection, slos, startedAt, identityMode: mode })
  );
  app.register(async (alerts) =>
    registerAlertRoutes(alerts, {
      alerts: deps.alerts,
      webhookToken: deps.config.alertmanager.webhookToken,
      metrics: deps.alerts?.metrics,
    })
  );
  if (deps.extraRoutes) {
    const extraRoutes = deps.extraRoutes;
    app.register(async (extra) => extraRoutes(extra));
  }
  return app;
}
