// REST routes of the Findings page: the incident list (filterable) and one incident whole. Registered under
// /api/, so they get the same bearer-token and Grafana identity checks as every other read route.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { apiError } from '../api/errors.ts';
import { ApiError } from '../api/schemas.ts';
import type { IncidentFilter } from './incident-manager.ts';
import * as S from './incident-schemas.ts';
import type { Incident, IncidentList, IncidentSummary } from './types.ts';

/** What the routes read: the incident manager, or anything serving the same. */
export interface IncidentReader {
  list(filter?: IncidentFilter): Incident[];
  get(id: string): Incident | undefined;
}

export const noIncidents: IncidentReader = { list: () => [], get: () => undefined };

const IncidentsQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resolved')])),
  namespace: Type.Optional(Type.String({ minLength: 1, maxLength: 253 })),
  severity: Type.Optional(S.IncidentSeverity),
});
const IncidentParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

const errors = { 400: ApiError, 401: ApiError, 500: ApiError, 503: ApiError };
const common = { tags: ['incidents'], security: [{ bearerAuth: [] }] };

export function summarizeIncident(incident: Incident): IncidentSummary {
  const { id, title, severity, status, scope, openedAt, updatedAt, resolvedAt } = incident;
  return {
    id,
    title,
    severity,
    status,
    scope,
    openedAt,
    updatedAt,
    resolvedAt,
    cause: incident.explanation?.cause ?? null,
    topSuggestion: incident.suggestions[0]?.title ?? null,
    counts: {
      alerts: incident.alerts.length,
      firing: incident.alerts.filter((alert) => alert.status === 'firing').length,
      findings: incident.findings.length,
      anomalies: incident.anomalies.length,
      forecasts: incident.forecasts.length,
      events: incident.events.length,
    },
  };
}

export function registerIncidentRoutes(app: FastifyInstance, incidents: IncidentReader): void {
  app.get<{ Querystring: Static<typeof IncidentsQuery> }>(
    '/api/incidents',
    {
      schema: {
        ...common,
        summary: 'Incidents opened by critical alerts, open first, then by severity and most recent update',
        querystring: IncidentsQuery,
        response: { 200: S.IncidentList, ...errors },
      },
    },
    async (request): Promise<IncidentList> => ({
      generatedAt: Date.now(),
      incidents: incidents.list(request.query).map(summarizeIncident),
    })
  );

  app.get<{ Params: Static<typeof IncidentParams> }>(
    '/api/incidents/:id',
    {
      schema: {
        ...common,
        summary:
          'One incident: alerts, correlated findings, anomalies, forecasts and events, timeline, explanation, suggestions',
        params: IncidentParams,
        response: { 200: S.Incident, 404: ApiError, ...errors },
      },
    },
    async (request, reply) => {
      const incident = incidents.get(request.params.id);
      return incident ?? reply.code(404).send(apiError(404, `no incident "${request.params.id}"`));
    }
  );
}
