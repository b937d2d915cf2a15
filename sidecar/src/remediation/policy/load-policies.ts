// Policies from their three homes: RemediationPolicy documents in policy files, entries of remediation.policies in
// the config file, and the built-in defaults. Each problem is a ConfigIssue naming the file, line and field; names
// must be unique across all of them (a duplicate names both places).
import { LineCounter, parseAllDocuments } from 'yaml';
import type { ConfigIssue } from '../../config/config-error.ts';
import type { RemediationPolicy } from './policy-types.ts';
import { describeValue } from '../../config/schema-errors.ts';
import {
  InlinePolicySchema,
  POLICY_API_VERSION,
  POLICY_KIND,
  PolicyDocumentSchema,
  type PolicyDocument,
  type PolicyInput,
} from './policy-schema.ts';
import { validatePolicy, type PolicyBody, type PolicyLocation } from './validate-policy.ts';
import { formatPath, lineLocator, type LineOf } from './yaml-lines.ts';

export interface LoadedPolicy {
  policy: RemediationPolicy;
  /** Where its name is written, for a duplicate-name issue. */
  nameAt: { source: string; field: string };
}

export interface PolicyLoad {
  policies: LoadedPolicy[];
  issues: ConfigIssue[];
}

function located(file: string, line: number | null): string {
  return line === null ? file : `${file}:${line}`;
}

function fromInline(valid: unknown): PolicyBody {
  return valid as PolicyInput;
}

function fromDocument(valid: unknown): PolicyBody {
  const doc = valid as PolicyDocument;
  return { name: doc.metadata.name, ...doc.spec };
}

/**
 * The entries of remediation.policies (`{name, description, trigger, action}` each). `file` is the config file,
 * `lineOf` its line locator; paths are reported as "remediation.policies[i]….".
 */
export function loadInlinePolicies(values: readonly unknown[], file: string, lineOf: LineOf | null): PolicyLoad {
  const out: PolicyLoad = { policies: [], issues: [] };
  values.forEach((value, i) => {
    const at = ['remediation', 'policies', i];
    const location: PolicyLocation = {
      file,
      source: `${file}:${formatPath(at)}`,
      at,
      bodyPath: [],
      lineOf,
    };
    const { policy, issues } = validatePolicy(InlinePolicySchema, value, location, fromInline);
    out.issues.push(...issues);
    if (policy) {
      const nameField = [...at, 'name'];
      out.policies.push({
        policy,
        nameAt: { source: located(file, lineOf?.(nameField) ?? null), field: formatPath(nameField) },
      });
    }
  });
  return out;
}

/** The shipped defaults: validated like any other policy, so a mistake in them fails every start-up and test. */
export function loadBuiltInPolicies(inputs: readonly PolicyInput[]): PolicyLoad {
  const out: PolicyLoad = { policies: [], issues: [] };
  inputs.forEach((input, i) => {
    const at = [i];
    const location: PolicyLocation = { file: 'built-in', source: 'built-in', at, bodyPath: [], lineOf: null };
    const { policy, issues } = validatePolicy(InlinePolicySchema, input, location, fromInline);
    out.issues.push(
      ...issues.map((issue) => ({ ...issue, field: `policy ${JSON.stringify(input.name)}: ${issue.field}` }))
    );
    if (policy) {
      out.policies.push({ policy, nameAt: { source: 'built-in', field: `policy ${JSON.stringify(policy.name)}` } });
    }
  });
  return out;
}

/** A policy file: one RemediationPolicy per YAML document ("---" between them). */
export function loadPolicyFile(path: string, text: string): PolicyLoad {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter });
  const list = Array.isArray(docs) ? docs : [docs];
  const out: PolicyLoad = { policies: [], issues: [] };
  let documents = 0;
  for (const doc of list) {
    const syntax = doc.errors[0];
    if (syntax) {
      const message = syntax.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      out.issues.push({
        source: located(path, syntax.linePos?.[0].line ?? null),
        field: '',
        message: `YAML syntax error: ${message}`,
      });
      continue;
    }
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) {
      continue;
    }
    documents += 1;
    const lineOf = lineLocator(doc, lineCounter);
    const location: PolicyLocation = {
      file: path,
      source: located(path, lineOf([])),
      at: [],
      bodyPath: ['spec'],
      lineOf,
    };
    if (typeof value !== 'object' || Array.isArray(value)) {
      out.issues.push({
        source: location.source,
        field: '',
        message: `expected a ${POLICY_KIND} document (a mapping), got ${describeValue(value)}`,
      });
      continue;
    }
    const { apiVersion, kind } = value as Record<string, unknown>;
    if (kind !== POLICY_KIND || apiVersion !== POLICY_API_VERSION) {
      // Another kind of document: one sentence instead of every field it lacks.
      const field = kind === POLICY_KIND ? 'apiVersion' : 'kind';
      out.issues.push({
        source: located(path, lineOf([field])),
        field,
        message: `expected a ${POLICY_KIND} document (apiVersion ${POLICY_API_VERSION}), got ${describeValue(value[field as keyof typeof value])}`,
      });
      continue;
    }
    const { policy, issues } = validatePolicy(PolicyDocumentSchema, value, location, fromDocument);
    out.issues.push(...issues);
    if (policy) {
      out.policies.push({
        policy,
        nameAt: { source: located(path, lineOf(['metadata', 'name'])), field: 'metadata.name' },
      });
    }
  }
  if (documents === 0 && out.issues.length === 0) {
    out.issues.push({ source: path, field: '', message: 'no RemediationPolicy documents in this file' });
  }
  return out;
}

/** All policies in order; the second and later uses of a name are issues naming where the first one is. */
export function mergePolicies(parts: readonly PolicyLoad[]): { policies: RemediationPolicy[]; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const policies: RemediationPolicy[] = [];
  const first = new Map<string, LoadedPolicy>();
  for (const part of parts) {
    issues.push(...part.issues);
    for (const loaded of part.policies) {
      const earlier = first.get(loaded.policy.name);
      if (earlier) {
        issues.push({
          ...loaded.nameAt,
          message: `duplicate policy name ${JSON.stringify(loaded.policy.name)} (also ${earlier.nameAt.source}${earlier.nameAt.source === 'built-in' ? '' : ` ${earlier.nameAt.field}`})`,
        });
        continue;
      }
      first.set(loaded.policy.name, loaded);
      policies.push(loaded.policy);
    }
  }
  return { policies, issues };
}
