// REST routes of the Remediations page and the approvals panel: proposals (filterable), one proposal and its
// preview, the policies, the audit log (and its JSON export), and approve/reject. Under /api/, so the bearer token
// and X-Grafana-Id checks apply; approve/reject also need the verified identity to carry the Editor or Admin role
// (the manager decides, these routes only translate its DecisionError into the JSON error).
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { RemediationPolicyList } from '../api/contract.ts';
import { apiError } from '../api/errors.ts';
import { ApiError } from '../api/schemas.ts';
import { DecisionError } from './decision-error.ts';
import { PROPOSAL_STATES } from './names.ts';
import type { RemediationManager } from './remediation-manager.ts';
import * as S from './remediation-schemas.ts';
import type { AuditFilter, ProposalFilter } from './remediation-store.ts';
import type { AuditEvent, ProposalState } from './types.ts';

export type RemediationReader = Pick<
  RemediationManager,
  'list' | 'get' | 'preview' | 'approve' | 'reject' | 'audit' | 'auditLog'
>;

export interface RemediationRoutesDeps {
  manager: RemediationReader;
  policies: () => RemediationPolicyList;
}

const AUDIT_EXPORT_FILENAME = 'prophet-remediation-audit.json';

const AUDIT_EVENTS: readonly AuditEvent[] = S.AuditEvent.anyOf.map((schema) => schema.const);
const Name = Type.String({ minLength: 1, maxLength: 512 });
const ListQuery = Type.Object({
  state: Type.Optional(Type.String({ maxLength: 200, description: 'comma-separated states' })),
  action: Type.Optional(S.RemediationAction),
  target: Type.Optional(Name),
  incident: Type.Optional(Name),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
});
const AuditQuery = Type.Object({
  proposal: Type.Optional(Name),
  event: Type.Optional(Type.String({ maxLength: 300, description: 'comma-separated audit events' })),
  actor: Type.Optional(Name),
  target: Type.Optional(Name),
  action: Type.Optional(S.RemediationAction),
  since: Type.Optional(Type.Integer({ minimum: 0, description: 'epoch ms, inclusive' })),
  until: Type.Optional(Type.Integer({ minimum: 0, description: 'epoch ms, exclusive' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 5_000 })),
});
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

const errors = { 400: ApiError, 401: ApiError, 500: ApiError, 503: ApiError };
const common = { tags: ['remediation'], security: [{ bearerAuth: [] }] };
const decisionSecurity = [{ bearerAuth: [], grafanaId: [] }];

/** "a,b" → the names, or a 400 naming the first unknown one. */
function listOf<V extends string>(field: string, text: string | undefined, known: readonly V[]): V[] | undefined {
  if (text === undefined || text === '') {
    return undefined;
  }
  return text.split(',').map((value) => {
    const name = value.trim() as V;
    if (!known.includes(name)) {
      throw new DecisionError(
        400,
        `querystring/${field}: unknown value "${name}" (expected one of: ${known.join(', ')})`
      );
    }
    return name;
  });
}

function auditFilter(query: Static<typeof AuditQuery>): AuditFilter {
  return {
    proposalId: query.proposal,
    events: listOf('event', query.event, AUDIT_EVENTS),
    actor: query.actor,
    target: query.target,
    action: query.action,
    since: query.since,
    until: query.until,
    limit: query.limit,
  };
}

function sendError(reply: FastifyReply, error: unknown) {
  if (error instanceof DecisionError) {
    return reply.code(error.statusCode).send(apiError(error.statusCode, error.message));
  }
  throw error;
}

export function registerRemediationRoutes(app: FastifyInstance, deps: RemediationRoutesDeps): void {
  const { manager } = deps;

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/remediations',
    {
      schema: {
        ...common,
        summary: 'Remediation proposals, newest first, with counts by state over all of them',
        querystring: ListQuery,
        response: { 200: S.RemediationList, ...errors },
      },
    },
    async (request, reply) => {
      try {
        const { query } = request;
        const filter: ProposalFilter = {
          states: listOf<ProposalState>('state', query.state, PROPOSAL_STATES),
          action: query.action,
          target: query.target,
          incidentId: query.incident,
          limit: query.limit,
        };
        return manager.list(filter);
      } catch (error) {
        return sendError(reply, error);
      }
    }
  );

  app.get(
    '/api/remediations/policies',
    {
      schema: {
        ...common,
        summary: 'The remediation policies in force: trigger, action, approval and safety limits',
        response: { 200: S.RemediationPolicyList, ...errors },
      },
    },
    async () => deps.policies()
  );

  app.get<{ Querystring: Static<typeof AuditQuery> }>(
    '/api/remediations/audit',
    {
      schema: {
        ...common,
        summary: 'The append-only audit log, oldest first, with the result of checking its hash chain',
        querystring: AuditQuery,
        response: { 200: S.RemediationAuditList, ...errors },
      },
    },
    async (request, reply) => {
      try {
        return manager.auditLog(auditFilter(request.query));
      } catch (error) {
        return sendError(reply, error);
      }
    }
  );

  app.get<{ Querystring: Static<typeof AuditQuery> }>(
    '/api/remediations/audit/export',
    {
      schema: {
        ...common,
        summary: `The audit log (same filters) as a JSON file download, ${AUDIT_EXPORT_FILENAME}`,
        querystring: AuditQuery,
        response: { 200: Type.Array(S.AuditEntry), ...errors },
      },
    },
    async (request, reply) => {
      try {
        const entries = manager.audit(auditFilter(request.query));
        reply.header('content-disposition', `attachment; filename="${AUDIT_EXPORT_FILENAME}"`);
        return entries;
      } catch (error) {
        return sendError(reply, error);
      }
    }
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/remediations/:id',
    {
      schema: {
        ...common,
        summary: 'One proposal: target, trigger, evidence, preview, decision, execution steps and verification',
        params: IdParams,
        response: { 200: S.RemediationProposal, 404: ApiError, ...errors },
      },
    },
    async (request, reply) => {
      const proposal = manager.get(request.params.id);
      return proposal ?? reply.code(404).send(apiError(404, `no remediation proposal "${request.params.id}"`));
    }
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/remediations/:id/preview',
    {
      schema: {
        ...common,
        summary: 'What the action would change (recomputed when older than a minute while the proposal waits)',
        params: IdParams,
        response: { 200: S.ActionPreview, 404: ApiError, 502: ApiError, ...errors },
      },
    },
    async (request, reply) => {
      try {
        return await manager.preview(request.params.id);
      } catch (error) {
        return sendError(reply, error);
      }
    }
  );

  const decisionRoute = (decision: 'approve' | 'reject') =>
    app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof S.RemediationDecisionRequest> }>(
      `/api/remediations/:id/${decision}`,
      {
        schema: {
          ...common,
          security: decisionSecurity,
          summary:
            decision === 'approve'
              ? 'Approve a proposal (Editor or Admin in Grafana, from a verified X-Grafana-Id); it then executes once'
              : 'Reject a proposal with a comment saying why (Editor or Admin in Grafana)',
          params: IdParams,
          body: decision === 'approve' ? S.RemediationDecisionRequest : S.RejectRequest,
          response: {
            200: S.RemediationDecisionResult,
            403: ApiError,
            404: ApiError,
            409: ApiError,
            ...errors,
          },
        },
      },
      async (request, reply) => {
        try {
          const { id } = request.params;
          const comment = request.body.comment.trim();
          return decision === 'approve'
            ? manager.approve(id, request.grafanaIdentity, comment)
            : manager.reject(id, request.grafanaIdentity, comment);
        } catch (error) {
          return sendError(reply, error);
        }
      }
    );
  decisionRoute('approve');
  decisionRoute('reject');
}
