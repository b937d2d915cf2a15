// Remediation policies as written in YAML: inline under remediation.policies ({name, description, trigger, action})
// or as RemediationPolicy documents in remediation.policyFiles. Shapes only; the rules between fields (exactly one
// trigger, a target the action can change, the params it needs) are checked in validate-policy.ts, where the
// message can say so plainly. Every field is documented in sidecar/config.example.yaml.
import { FormatRegistry, Type, type Static } from '@sinclair/typebox';
import { isDuration } from '../../config/duration.ts';
import { REMEDIATION_ACTIONS } from '../names.ts';
import { TARGET_SELECTORS } from './action-targets.ts';

if (!FormatRegistry.Has('prophet-duration')) {
  FormatRegistry.Set('prophet-duration', isDuration);
}

export const POLICY_API_VERSION = 'prophet-aiops.io/v1';
export const POLICY_KIND = 'RemediationPolicy';

const strict = { additionalProperties: false } as const;
const Duration = Type.String({ format: 'prophet-duration', errorMessage: 'a duration like "5m"' });
const NonEmpty = Type.String({ minLength: 1, errorMessage: 'a non-empty string' });
const Count = (minimum: number) =>
  Type.Integer({
    minimum,
    errorMessage: minimum === 0 ? 'an integer of at least 0' : `an integer of at least ${minimum}`,
  });
const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

// Policy names end up in proposals, the audit log ("policy:<name>") and URLs: DNS-label characters only.
export const PolicyName = Type.String({
  pattern: '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$',
  errorMessage: 'a DNS-label-like name (lowercase letters, digits and "-", at most 63 characters)',
});

const LabelMatchers = Type.Record(Type.String({ minLength: 1 }), Type.String(), {
  errorMessage: 'a mapping of label name to value (a value starting with "~" is a regular expression)',
});
const Approval = literals(['required', 'automatic'] as const);
const Action = literals(REMEDIATION_ACTIONS);

const Trigger = Type.Object(
  {
    incident: Type.Optional(
      Type.Object(
        {
          severity: Type.Optional(Type.Array(literals(['critical', 'warning', 'info'] as const))),
          labels: Type.Optional(LabelMatchers),
        },
        strict
      )
    ),
    alert: Type.Optional(Type.Object({ labels: LabelMatchers }, strict)),
    finding: Type.Optional(
      Type.Object({ kind: Type.Optional(NonEmpty), errorMatches: Type.Optional(NonEmpty) }, strict)
    ),
    anomaly: Type.Optional(
      Type.Object(
        {
          job: Type.Optional(NonEmpty),
          kinds: Type.Optional(
            Type.Array(literals(['spike', 'dip', 'level_shift', 'variance_change', 'drift'] as const))
          ),
          direction: Type.Optional(literals(['up', 'down'] as const)),
          minScore: Type.Optional(
            Type.Number({ minimum: 0, maximum: 1, errorMessage: 'an anomaly score between 0 and 1' })
          ),
        },
        strict
      )
    ),
    forecast: Type.Optional(Type.Object({ job: Type.Optional(NonEmpty), timeToThresholdUnder: Duration }, strict)),
  },
  strict
);

const ActionInput = Type.Object(
  {
    type: Action,
    // Optional: each action has a natural target (action-targets.ts); k8sgpt-analysis may name pod or node instead.
    target: Type.Optional(literals(TARGET_SELECTORS)),
    params: Type.Optional(
      Type.Object(
        {
          replicasDelta: Type.Optional(Count(1)),
          maxReplicas: Type.Optional(Count(1)),
          silenceMatchers: Type.Optional(LabelMatchers),
          silenceDuration: Type.Optional(Duration),
          maxPodsEvicted: Type.Optional(Count(1)),
        },
        strict
      )
    ),
    approval: Type.Optional(Approval),
    namespaces: Type.Optional(
      Type.Object(
        {
          allow: Type.Optional(Type.Array(NonEmpty)),
          forbid: Type.Optional(Type.Array(NonEmpty)),
          // kube-system is forbidden whatever forbid says; only this lifts it.
          allowKubeSystem: Type.Optional(Type.Boolean()),
        },
        strict
      )
    ),
    kinds: Type.Optional(Type.Array(NonEmpty)),
    cooldown: Type.Optional(Duration),
    maxConcurrent: Type.Optional(Count(1)),
    rateLimit: Type.Optional(Type.Object({ max: Type.Optional(Count(1)), per: Type.Optional(Duration) }, strict)),
    blastRadius: Type.Optional(
      Type.Object({ maxPodsAffected: Type.Optional(Count(0)), maxReplicasChanged: Type.Optional(Count(0)) }, strict)
    ),
    expiry: Type.Optional(Duration),
    dryRun: Type.Optional(Type.Boolean()),
    verify: Type.Optional(Type.Object({ for: Type.Optional(Duration) }, strict)),
    onVerificationFailure: Type.Optional(Type.Object({ type: Action, approval: Type.Optional(Approval) }, strict)),
  },
  strict
);

const Body = {
  description: Type.Optional(Type.String()),
  trigger: Trigger,
  action: ActionInput,
};

/** One entry of remediation.policies. */
export const InlinePolicySchema = Type.Object({ name: PolicyName, ...Body }, strict);

/** One document of a policy file. */
export const PolicyDocumentSchema = Type.Object(
  {
    apiVersion: Type.Literal(POLICY_API_VERSION, { errorMessage: `"${POLICY_API_VERSION}"` }),
    kind: Type.Literal(POLICY_KIND, { errorMessage: `"${POLICY_KIND}"` }),
    metadata: Type.Object(
      {
        name: PolicyName,
        // Kept so a file can also be applied as a Kubernetes-style manifest; not used.
        labels: Type.Optional(Type.Record(Type.String(), Type.String())),
        annotations: Type.Optional(Type.Record(Type.String(), Type.String())),
      },
      strict
    ),
    spec: Type.Object(Body, strict),
  },
  strict
);

export type PolicyTriggerInput = Static<typeof Trigger>;
export type ActionPolicyInput = Static<typeof ActionInput>;
/** A policy as written inline; also the form of the built-in defaults. */
export type PolicyInput = Static<typeof InlinePolicySchema>;
export type PolicyDocument = Static<typeof PolicyDocumentSchema>;
