// REST routes of the Findings page's K8sGPT tab: current findings (most severe first) with the watcher's state,
// one finding by id, and (when k8sgpt serve is configured) an on-demand analysis of a namespace.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { apiError } from '../api/errors.ts';
import { ApiError } from '../api/schemas.ts';
import type { KubernetesSourceHealth } from '../sources/kubernetes/types.ts';
import type { FindingsWatcherStatus } from './findings-watcher.ts';
import type { K8sGptAnalyzeClient } from './k8sgpt-analyze-client.ts';
import type { TrackedFinding } from './tracker.ts';
import type * as C from '../api/contract.ts';

const Nullable = <S extends ReturnType<typeof Type.String>>(schema: S) => Type.Union([schema, Type.Null()]);
const EpochMs = Type.Number({ description: 'epoch milliseconds' });
const Severity = Type.Union([Type.Literal('critical'), Type.Literal('warning'), Type.Literal('info')]);

export const FindingSchema = Type.Object({
  id: Type.String({ description: '"<namespace>/<name>" of the K8sGPT Result' }),
  uid: Nullable(Type.String()),
  kind: Type.String(),
  name: Type.String({ description: 'the analysed object, "<namespace>/<name>" as K8sGPT writes it' }),
  namespace: Nullable(Type.String()),
  objectName: Type.String(),
  parentObject: Nullable(Type.String()),
  errors: Type.Array(Type.String()),
  severity: Severity,
  severityRule: Type.String({ description: 'the severity table row that decided the severity (see the README)' }),
  details: Nullable(Type.String()),
  backend: Nullable(Type.String()),
  lifecycle: Nullable(Type.String()),
  createdAt: Type.Union([EpochMs, Type.Null()]),
  resourceVersion: Nullable(Type.String()),
  contentHash: Type.String(),
  firstSeen: EpochMs,
  updatedAt: EpochMs,
  lastSeen: EpochMs,
});

const FindingList = Type.Object({
  generatedAt: EpochMs,
  source: Type.Object({
    kind: Type.Union([Type.Literal('kubernetes'), Type.Literal('simulator'), Type.Literal('disabled')]),
    state: Type.Union([Type.Literal('ok'), Type.Literal('degraded'), Type.Literal('unknown')]),
    synced: Type.Boolean(),
    lastError: Nullable(Type.String()),
  }),
  findings: Type.Array(FindingSchema),
});

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <A, B>(ok: Same<A, B>) => ok;
same<Static<typeof FindingList>, C.FindingList>(true);

const FindingsQuery = Type.Object({
  namespace: Type.Optional(Type.String({ minLength: 1, maxLength: 253 })),
  severity: Type.Optional(Severity),
});
const AnalyzeBody = Type.Object(
  {
    namespace: Type.String({ minLength: 1, maxLength: 253, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' }),
    filters: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 63 }), { maxItems: 32 })),
  },
  { additionalProperties: false }
);

export interface FindingsRoutesDeps {
  findings: {
    list(): TrackedFinding[];
    get(id: string): TrackedFinding | undefined;
    status(): FindingsWatcherStatus;
  } | null;
  health: () => KubernetesSourceHealth | null;
  analyze: Pick<K8sGptAnalyzeClient, 'analyze'> | null;
}

const errors = { 400: ApiError, 401: ApiError, 500: ApiError, 503: ApiError };
const common = { tags: ['findings'], security: [{ bearerAuth: [] }] };

export function registerFindingsRoutes(app: FastifyInstance, deps: FindingsRoutesDeps): void {
  app.get<{ Querystring: Static<typeof FindingsQuery> }>(
    '/api/findings',
    {
      schema: {
        ...common,
        summary: 'Current K8sGPT findings, most severe first, and the state of the Kubernetes watch',
        querystring: FindingsQuery,
        response: { 200: FindingList, ...errors },
      },
    },
    async (request): Promise<C.FindingList> => {
      const health = deps.health();
      const { namespace, severity } = request.query;
      const findings = (deps.findings?.list() ?? []).filter(
        (f) =>
          (namespace === undefined || f.namespace === namespace) && (severity === undefined || f.severity === severity)
      );
      return {
        generatedAt: Date.now(),
        source: {
          kind: health?.kind ?? 'disabled',
          state: health?.state ?? 'unknown',
          synced: deps.findings?.status().synced ?? false,
          lastError: health?.lastError ?? null,
        },
        findings,
      };
    }
  );

  // Ids contain a slash ("<namespace>/<name>"), so the id is the rest of the path.
  app.get<{ Params: { '*': string } }>(
    '/api/findings/*',
    {
      schema: {
        ...common,
        summary: 'One K8sGPT finding by id ("<namespace>/<name>" of its Result)',
        response: { 200: FindingSchema, 404: ApiError, ...errors },
      },
    },
    async (request, reply) => {
      const id = request.params['*'];
      const finding = deps.findings?.get(id);
      return finding ?? reply.code(404).send(apiError(404, `no finding "${id}"`));
    }
  );

  app.post<{ Body: Static<typeof AnalyzeBody> }>(
    '/api/findings/analyze',
    {
      schema: {
        ...common,
        summary: 'Ask k8sgpt serve (k8sgpt.analyzeUrl) for an analysis of one namespace now, without an LLM',
        body: AnalyzeBody,
        response: { 200: Type.Unknown(), 502: ApiError, ...errors },
      },
    },
    async (request, reply) => {
      if (!deps.analyze) {
        return reply
          .code(503)
          .send(apiError(503, 'on-demand analysis is off: set k8sgpt.analyzeUrl (k8sgpt serve --http)'));
      }
      try {
        return await deps.analyze.analyze({ namespace: request.body.namespace, filters: request.body.filters });
      } catch (error) {
        request.log.warn({ err: error }, 'k8sgpt analysis failed');
        return reply.code(502).send(apiError(502, `k8sgpt analysis failed: ${(error as Error).message}`));
      }
    }
  );
}
