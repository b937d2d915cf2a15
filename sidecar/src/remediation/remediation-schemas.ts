// JSON schemas of the remediation routes (validation, serialisation, OpenAPI), checked at compile time against the
// types in types.ts and contract.ts the way api/schemas.ts checks the rest of the contract.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type * as C from '../api/contract.ts';
import { PROPOSAL_STATES, REMEDIATION_ACTIONS } from './names.ts';
import type * as T from './types.ts';

const Nullable = <S extends TSchema>(schema: S) => Type.Union([schema, Type.Null()]);
const EpochMs = Type.Number({ description: 'epoch milliseconds' });
const Labels = Type.Record(Type.String(), Type.String());
const literals = <V extends string>(values: readonly V[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const RemediationAction = Type.Unsafe<T.RemediationAction>(literals(REMEDIATION_ACTIONS));
export const ProposalState = Type.Unsafe<T.ProposalState>(literals(PROPOSAL_STATES));
export const AuditEvent = Type.Union(
  (
    [
      'proposed',
      'blocked',
      'approved',
      'rejected',
      'expired',
      'execution-started',
      'step',
      'execution-resumed',
      'succeeded',
      'failed',
      'verified',
      'not-verified',
    ] as const
  ).map((e) => Type.Literal(e))
);
const Approval = Type.Union([Type.Literal('required'), Type.Literal('automatic')]);
const Role = Nullable(
  Type.Union([Type.Literal('Viewer'), Type.Literal('Editor'), Type.Literal('Admin'), Type.Literal('None')])
);

const ActionTarget = Type.Object({
  kind: Type.Union(
    (['Deployment', 'HorizontalPodAutoscaler', 'Pod', 'Node', 'Alert', 'Object'] as const).map((k) => Type.Literal(k))
  ),
  namespace: Nullable(Type.String()),
  name: Type.String(),
});

const ActionParams = Type.Object({
  replicasDelta: Type.Optional(Type.Number()),
  maxReplicas: Type.Optional(Type.Number()),
  silenceMatchers: Type.Optional(Labels),
  silenceDurationMs: Type.Optional(Type.Number()),
  maxPodsEvicted: Type.Optional(Type.Number()),
});

const ProposalTrigger = Type.Object({
  type: Type.Union((['incident', 'alert', 'finding', 'anomaly', 'forecast'] as const).map((t) => Type.Literal(t))),
  id: Type.String(),
  description: Type.String(),
  timeToThresholdUnderMs: Type.Optional(Type.Number()),
});

const Actor = Type.Object({
  type: Type.Union([Type.Literal('user'), Type.Literal('system')]),
  login: Type.String(),
  name: Type.String(),
  role: Role,
});

const EvidenceRef = Type.Object({
  type: Type.Union((['alert', 'finding', 'anomaly', 'forecast', 'event'] as const).map((t) => Type.Literal(t))),
  id: Type.String(),
});

const PreviewObject = Type.Object({
  ref: Type.String(),
  change: Type.Union((['patch', 'delete', 'create', 'evict', 'none'] as const).map((c) => Type.Literal(c))),
  before: Nullable(Type.String()),
  after: Nullable(Type.String()),
});

export const ActionPreview = Type.Object({
  summary: Type.String(),
  diff: Type.String(),
  objects: Type.Array(PreviewObject),
  source: Type.Union([Type.Literal('kubernetes-dry-run'), Type.Literal('simulator'), Type.Literal('plan')]),
  impact: Type.Object({ podsAffected: Type.Number(), replicasChanged: Type.Number() }),
  warnings: Type.Array(Type.String()),
  computedAt: EpochMs,
});

const StepArg = Type.Union([
  Type.String(),
  Type.Number(),
  Type.Boolean(),
  Type.Null(),
  Type.Array(Type.String()),
  Labels,
]);

const ExecutionStep = Type.Object({
  name: Type.String(),
  op: Type.String(),
  args: Type.Record(Type.String(), StepArg),
  idempotent: Type.Boolean(),
  status: Type.Union((['pending', 'started', 'done', 'failed', 'skipped'] as const).map((s) => Type.Literal(s))),
  startedAt: Nullable(EpochMs),
  finishedAt: Nullable(EpochMs),
  detail: Type.String(),
});

export const RemediationProposal = Type.Object({
  id: Type.String(),
  policy: Type.String(),
  action: RemediationAction,
  target: ActionTarget,
  params: ActionParams,
  title: Type.String(),
  rationale: Type.String(),
  trigger: ProposalTrigger,
  incidentId: Nullable(Type.String()),
  problemStartedAt: EpochMs,
  evidence: Type.Array(EvidenceRef),
  approval: Approval,
  dryRun: Type.Boolean(),
  state: ProposalState,
  createdAt: EpochMs,
  updatedAt: EpochMs,
  expiresAt: EpochMs,
  decision: Nullable(Type.Object({ by: Actor, at: EpochMs, comment: Type.String() })),
  preview: Nullable(ActionPreview),
  execution: Nullable(
    Type.Object({
      startedAt: EpochMs,
      finishedAt: Nullable(EpochMs),
      resumed: Type.Integer({ minimum: 0 }),
      dryRun: Type.Boolean(),
      steps: Type.Array(ExecutionStep),
      error: Nullable(Type.String()),
    })
  ),
  verification: Nullable(
    Type.Object({
      until: EpochMs,
      clearedAt: Nullable(EpochMs),
      lastCheckedAt: Nullable(EpochMs),
      detail: Type.String(),
    })
  ),
  followUpOf: Nullable(Type.String()),
  version: Type.Integer(),
});

const count = Type.Integer({ minimum: 0 });
export const RemediationList = Type.Object({
  generatedAt: EpochMs,
  dryRun: Type.Boolean(),
  backend: Type.Union([Type.Literal('kubernetes'), Type.Literal('simulator'), Type.Literal('disabled')]),
  counts: Type.Partial(Type.Object(Object.fromEntries(PROPOSAL_STATES.map((s) => [s, count])))),
  proposals: Type.Array(RemediationProposal),
});

export const RemediationDecisionRequest = Type.Object(
  { comment: Type.String({ maxLength: 1000 }) },
  { additionalProperties: false }
);
export const RejectRequest = Type.Object(
  { comment: Type.String({ minLength: 1, maxLength: 1000 }) },
  { additionalProperties: false }
);

export const RemediationDecisionResult = Type.Object({ changed: Type.Boolean(), proposal: RemediationProposal });

export const AuditEntry = Type.Object({
  seq: Type.Integer(),
  at: EpochMs,
  event: AuditEvent,
  proposalId: Type.String(),
  action: RemediationAction,
  target: Type.String(),
  actor: Actor,
  comment: Type.String(),
  detail: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()])),
  hash: Type.String(),
});

export const RemediationAuditList = Type.Object({
  generatedAt: EpochMs,
  chain: Type.Object({ ok: Type.Boolean(), entries: count, firstBrokenSeq: Nullable(Type.Integer()) }),
  entries: Type.Array(AuditEntry),
});

export const RemediationPolicySummary = Type.Object({
  name: Type.String(),
  description: Type.String(),
  source: Type.String(),
  trigger: Type.String(),
  action: RemediationAction,
  target: Type.String(),
  approval: Approval,
  dryRun: Type.Boolean(),
  limits: Type.Object({
    forbiddenNamespaces: Type.Array(Type.String()),
    allowedNamespaces: Type.Array(Type.String()),
    cooldownMs: Type.Number(),
    maxConcurrent: Type.Number(),
    rateLimit: Type.Object({ max: Type.Number(), perMs: Type.Number() }),
    maxPodsAffected: Type.Number(),
    maxReplicasChanged: Type.Number(),
    expiryMs: Type.Number(),
    verifyForMs: Type.Number(),
  }),
  onVerificationFailure: Nullable(RemediationAction),
});

export const RemediationPolicyList = Type.Object({
  dryRun: Type.Boolean(),
  policies: Type.Array(RemediationPolicySummary),
});

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <A, B>(ok: Same<A, B>) => ok;
same<Static<typeof RemediationProposal>, T.RemediationProposal>(true);
same<Static<typeof ActionPreview>, T.ActionPreview>(true);
same<Static<typeof AuditEntry>, T.AuditEntry>(true);
same<Static<typeof AuditEvent>, T.AuditEvent>(true);
same<Static<typeof RemediationList>, C.RemediationList>(true);
same<Static<typeof RemediationDecisionRequest>, C.RemediationDecisionRequest>(true);
same<Static<typeof RemediationDecisionResult>, C.RemediationDecisionResult>(true);
same<Static<typeof RemediationAuditList>, C.RemediationAuditList>(true);
same<Static<typeof RemediationPolicySummary>, C.RemediationPolicySummary>(true);
same<Static<typeof RemediationPolicyList>, C.RemediationPolicyList>(true);
