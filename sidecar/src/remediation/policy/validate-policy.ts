// Checks one policy as written (inline or a file's document) and turns it into a RemediationPolicy with every
// default filled in and durations in ms. Problems are ConfigIssues naming the file, the line and the field, e.g.
// "policies.yaml:14" / "spec.action.type" / "expected one of …", so start-up fails with all of them at once.
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { ConfigIssue } from '../../config/config-error.ts';
import { parseDuration } from '../../config/duration.ts';
import { schemaErrorMessage } from '../../config/schema-errors.ts';
import type { RemediationAction } from '../types.ts';
import { KIND_OF, PARAMS_OF, SELECTORS_OF, type ParamName } from './action-targets.ts';
import type { ActionPolicy, PolicyTrigger, RemediationPolicy } from './policy-types.ts';
import type { ActionPolicyInput, PolicyTriggerInput } from './policy-schema.ts';
import { patternError, searchPatternError } from './value-matchers.ts';
import { formatPath, pointerToPath, type FieldPath, type LineOf } from './yaml-lines.ts';

/** The values a policy gets for what it leaves out. Documented in config.example.yaml. */
export const POLICY_DEFAULTS = {
  approval: 'required',
  forbiddenNamespaces: ['kube-system'],
  cooldown: '30m',
  maxConcurrent: 1,
  rateLimit: { max: 5, per: '1h' },
  blastRadius: { maxPodsAffected: 10, maxReplicasChanged: 5 },
  expiry: '30m',
  verifyFor: '5m',
} as const;

const KUBE_SYSTEM = 'kube-system';
const TRIGGER_KINDS = ['incident', 'alert', 'finding', 'anomaly', 'forecast'] as const;

/** Where a policy was written, for its `source` and for issues. */
export interface PolicyLocation {
  /** The file issues name ("built-in" for the shipped defaults). */
  file: string;
  /** RemediationPolicy.source: "policies.yaml:12", "config.yaml:remediation.policies[0]", "built-in". */
  source: string;
  /** Where the whole value sits in its document: [] for a policy document, ["remediation", "policies", 0] inline. */
  at: FieldPath;
  /** Where description, trigger and action sit, relative to `at` (["spec"] in a document). */
  bodyPath: FieldPath;
  /** Line numbers in the file; null when there is no file (the built-in defaults). */
  lineOf: LineOf | null;
}

export interface PolicyBody {
  name: string;
  description?: string;
  trigger: PolicyTriggerInput;
  action: ActionPolicyInput;
}

class Issues {
  readonly list: ConfigIssue[] = [];
  private readonly location: PolicyLocation;

  constructor(location: PolicyLocation) {
    this.location = location;
  }

  /** An issue at `path` relative to the location's `at`. */
  add(path: FieldPath, message: string): void {
    const full = [...this.location.at, ...path];
    const line = this.location.lineOf?.(full) ?? null;
    const { file } = this.location;
    this.list.push({ source: line === null ? file : `${file}:${line}`, field: formatPath(full), message });
  }

  body(path: FieldPath, message: string): void {
    this.add([...this.location.bodyPath, ...path], message);
  }
}

/**
 * Validates `value` against `schema`, then the rules between fields; `toBody` picks name/description/trigger/action
 * out of a schema-valid value (documents keep them under metadata and spec).
 */
export function validatePolicy(
  schema: TSchema,
  value: unknown,
  location: PolicyLocation,
  toBody: (valid: unknown) => PolicyBody
): { policy: RemediationPolicy | null; issues: ConfigIssue[] } {
  const issues = new Issues(location);
  const seen = new Set<string>();
  for (const error of Value.Errors(schema, value)) {
    const path = pointerToPath(error.path);
    const key = formatPath(path);
    // One message per field: a wrong value under a union would otherwise be reported once per alternative.
    if (!seen.has(key)) {
      seen.add(key);
      issues.add(path, schemaErrorMessage(error));
    }
  }
  if (issues.list.length > 0) {
    return { policy: null, issues: issues.list };
  }
  const body = toBody(value);
  const trigger = checkTrigger(body.trigger, issues);
  const action = checkAction(body.action, issues);
  if (issues.list.length > 0 || trigger === null || action === null) {
    return { policy: null, issues: issues.list };
  }
  return {
    policy: { name: body.name, description: body.description ?? '', source: location.source, trigger, action },
    issues: [],
  };
}

function checkPattern(issues: Issues, path: FieldPath, value: string | undefined): void {
  const error = value === undefined ? null : patternError(value);
  if (error !== null) {
    issues.body(path, `invalid regular expression ${JSON.stringify(value)}: ${error}`);
  }
}

function checkLabelPatterns(issues: Issues, path: FieldPath, labels: Record<string, string> | undefined): void {
  for (const [name, value] of Object.entries(labels ?? {})) {
    checkPattern(issues, [...path, name], value);
  }
}

function checkTrigger(input: PolicyTriggerInput, issues: Issues): PolicyTrigger | null {
  const set = TRIGGER_KINDS.filter((kind) => input[kind] !== undefined);
  if (set.length !== 1) {
    issues.body(
      ['trigger'],
      `set exactly one trigger: incident, alert, finding, anomaly or forecast (${set.length === 0 ? 'none is set' : `found ${set.join(' and ')}`})`
    );
    return null;
  }
  const before = issues.list.length;
  const { incident, alert, finding, anomaly, forecast } = input;
  if (incident) {
    checkLabelPatterns(issues, ['trigger', 'incident', 'labels'], incident.labels);
  }
  if (alert) {
    if (Object.keys(alert.labels).length === 0) {
      issues.body(['trigger', 'alert', 'labels'], 'name at least one label, e.g. { alertname: KubePodCrashLooping }');
    }
    checkLabelPatterns(issues, ['trigger', 'alert', 'labels'], alert.labels);
  }
  if (finding) {
    checkPattern(issues, ['trigger', 'finding', 'kind'], finding.kind);
    const error = finding.errorMatches === undefined ? null : searchPatternError(finding.errorMatches);
    if (error !== null) {
      issues.body(
        ['trigger', 'finding', 'errorMatches'],
        `invalid regular expression ${JSON.stringify(finding.errorMatches)}: ${error}`
      );
    }
  }
  if (anomaly) {
    checkPattern(issues, ['trigger', 'anomaly', 'job'], anomaly.job);
  }
  if (forecast) {
    checkPattern(issues, ['trigger', 'forecast', 'job'], forecast.job);
  }
  if (issues.list.length > before) {
    return null;
  }
  if (forecast) {
    const { timeToThresholdUnder, ...rest } = forecast;
    return { forecast: { ...rest, timeToThresholdUnderMs: parseDuration(timeToThresholdUnder) } };
  }
  return { [set[0]]: structuredClone(input[set[0]]) } as PolicyTrigger;
}

const PARAM_FIELDS: readonly ParamName[] = [
  'replicasDelta',
  'maxReplicas',
  'silenceMatchers',
  'silenceDuration',
  'maxPodsEvicted',
];

const PARAM_HINTS: Record<ParamName, string> = {
  replicasDelta: 'how many replicas to add (at least 1)',
  maxReplicas: 'the most replicas the result may have',
  silenceMatchers: 'the labels the silence matches',
  silenceDuration: 'how long the silence lasts, e.g. 2h',
  maxPodsEvicted: 'the most pods a drain may evict',
};

function usedParams(action: RemediationAction): ParamName[] {
  return [...PARAMS_OF[action].required, ...PARAMS_OF[action].optional];
}

function checkAction(input: ActionPolicyInput, issues: Issues): ActionPolicy | null {
  const before = issues.list.length;
  const selectors = SELECTORS_OF[input.type];
  const target = input.target ?? selectors[0];
  if (!selectors.includes(target)) {
    issues.body(
      ['action', 'target'],
      `${input.type} changes ${selectors.map((s) => `the ${s}`).join(' or ')}, not the ${target}`
    );
  }
  const params = input.params ?? {};
  const followUp = input.onVerificationFailure;
  const allowed = new Set([...usedParams(input.type), ...(followUp ? usedParams(followUp.type) : [])]);
  for (const name of PARAM_FIELDS) {
    if (params[name] !== undefined && !allowed.has(name)) {
      issues.body(['action', 'params', name], `not used by ${input.type}${followUp ? ` or ${followUp.type}` : ''}`);
    }
  }
  for (const action of followUp ? [input.type, followUp.type] : [input.type]) {
    for (const name of PARAMS_OF[action].required) {
      if (params[name] === undefined) {
        issues.body(['action', 'params', name], `required by ${action}: ${PARAM_HINTS[name]}`);
      }
    }
  }
  for (const [name, value] of Object.entries(params.silenceMatchers ?? {})) {
    if (value.startsWith('~')) {
      issues.body(
        ['action', 'params', 'silenceMatchers', name],
        'silence matchers are exact values (the silence covers exactly what was proposed)'
      );
    }
  }
  if (followUp && !SELECTORS_OF[followUp.type].includes(target)) {
    issues.body(
      ['action', 'onVerificationFailure', 'type'],
      `${followUp.type} cannot change the ${target} this policy targets (it changes ${SELECTORS_OF[followUp.type].map((s) => `the ${s}`).join(' or ')})`
    );
  }

  const namespaces = input.namespaces ?? {};
  const allow = namespaces.allow ?? [];
  const forbid = [...new Set([...(namespaces.allowKubeSystem ? [] : [KUBE_SYSTEM]), ...(namespaces.forbid ?? [])])];
  allow.forEach((ns, i) => {
    if (ns === KUBE_SYSTEM && !namespaces.allowKubeSystem) {
      issues.body(
        ['action', 'namespaces', 'allow', i],
        'kube-system stays forbidden unless namespaces.allowKubeSystem is true'
      );
    }
    checkPattern(issues, ['action', 'namespaces', 'allow', i], ns);
  });
  (namespaces.forbid ?? []).forEach((ns, i) => checkPattern(issues, ['action', 'namespaces', 'forbid', i], ns));

  const kinds = input.kinds ?? [];
  if (kinds.length > 0 && SELECTORS_OF[input.type].includes(target) && !kinds.includes(KIND_OF[target])) {
    issues.body(
      ['action', 'kinds'],
      `${input.type} of the ${target} changes a ${KIND_OF[target]}, which kinds [${kinds.join(', ')}] does not allow: it could never run`
    );
  }

  const blastRadius = { ...POLICY_DEFAULTS.blastRadius, ...input.blastRadius };
  if (params.replicasDelta !== undefined && params.replicasDelta > blastRadius.maxReplicasChanged) {
    issues.body(
      ['action', 'params', 'replicasDelta'],
      `${params.replicasDelta} replicas is more than blastRadius.maxReplicasChanged (${blastRadius.maxReplicasChanged}): every execution would be blocked`
    );
  }
  if (params.maxPodsEvicted !== undefined && params.maxPodsEvicted > blastRadius.maxPodsAffected) {
    issues.body(
      ['action', 'params', 'maxPodsEvicted'],
      `${params.maxPodsEvicted} pods is more than blastRadius.maxPodsAffected (${blastRadius.maxPodsAffected})`
    );
  }
  if (issues.list.length > before) {
    return null;
  }

  const rateLimit = { ...POLICY_DEFAULTS.rateLimit, ...input.rateLimit };
  return {
    type: input.type,
    target,
    params: {
      ...(params.replicasDelta === undefined ? {} : { replicasDelta: params.replicasDelta }),
      ...(params.maxReplicas === undefined ? {} : { maxReplicas: params.maxReplicas }),
      ...(params.silenceMatchers === undefined ? {} : { silenceMatchers: { ...params.silenceMatchers } }),
      ...(params.silenceDuration === undefined ? {} : { silenceDurationMs: parseDuration(params.silenceDuration) }),
      ...(input.type === 'drain-node' || followUp?.type === 'drain-node'
        ? { maxPodsEvicted: params.maxPodsEvicted ?? blastRadius.maxPodsAffected }
        : {}),
    },
    approval: input.approval ?? POLICY_DEFAULTS.approval,
    namespaces: { allow: [...allow], forbid },
    kinds: [...kinds],
    cooldownMs: parseDuration(input.cooldown ?? POLICY_DEFAULTS.cooldown),
    maxConcurrent: input.maxConcurrent ?? POLICY_DEFAULTS.maxConcurrent,
    rateLimit: { max: rateLimit.max, perMs: parseDuration(rateLimit.per) },
    blastRadius,
    expiryMs: parseDuration(input.expiry ?? POLICY_DEFAULTS.expiry),
    dryRun: input.dryRun ?? false,
    verifyForMs: parseDuration(input.verify?.for ?? POLICY_DEFAULTS.verifyFor),
    onVerificationFailure: followUp
      ? { type: followUp.type, approval: followUp.approval ?? POLICY_DEFAULTS.approval }
      : null,
  };
}
