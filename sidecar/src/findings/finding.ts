// A K8sGPT Result (or one result of `k8sgpt analyze -o json` / `k8sgpt serve`'s /v1/analyze) normalised into a
// Finding. Pure: no I/O. K8sGPT writes the same fields with different key casings — the CRD has `error[].text`,
// `parentObject`; the CLI's JSON has `Error[].Text`, `ParentObject`-style keys; protobuf field names are
// `parent_object` — so every key is looked up ignoring case and underscores. An object that cannot be read (no
// kind, no name, no error text) is refused with a reason naming it, for the caller to log and skip.
import { createHash } from 'node:crypto';
import type { Finding } from './finding-types.ts';
import { deriveSeverity } from './severity.ts';

export type { Finding };

export type Normalized = { ok: true; finding: Finding } | { ok: false; object: string; reason: string };

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const fold = (key: string) => key.toLowerCase().replaceAll('_', '');

/** obj[key] under any casing: the exact key first, then any key equal ignoring case and underscores. */
export function pick(obj: unknown, key: string): unknown {
  if (!isRecord(obj)) {
    return undefined;
  }
  if (key in obj) {
    return obj[key];
  }
  const want = fold(key);
  for (const candidate of Object.keys(obj)) {
    if (fold(candidate) === want) {
      return obj[candidate];
    }
  }
  return undefined;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

/** Error texts from `error` / `Error`: items of {text}/{Text}, or plain strings. */
function errorTexts(value: unknown): string[] | null {
  const items = Array.isArray(value) ? value : isRecord(value) ? [value] : null;
  if (!items) {
    return null;
  }
  const out: string[] = [];
  for (const item of items) {
    const one = typeof item === 'string' ? text(item) : text(pick(item, 'text'));
    if (one !== null) {
      out.push(one);
    }
  }
  return out;
}

export function contentHash(parts: {
  kind: string;
  name: string;
  parentObject: string | null;
  errors: string[];
}): string {
  const stable = JSON.stringify([parts.kind, parts.name, parts.parentObject ?? '', [...parts.errors].sort()]);
  return createHash('sha256').update(stable).digest('hex').slice(0, 16);
}

function describe(raw: unknown): string {
  const meta = pick(raw, 'metadata');
  const name = text(pick(meta, 'name'));
  const namespace = text(pick(meta, 'namespace'));
  if (name) {
    return namespace ? `${namespace}/${name}` : name;
  }
  const specName = text(pick(pick(raw, 'spec'), 'name')) ?? text(pick(raw, 'name'));
  return specName ? `result for ${specName}` : '(an unnamed object)';
}

interface SpecFields {
  kind: string;
  name: string;
  errors: string[];
  details: string | null;
  parentObject: string | null;
  backend: string | null;
}

function readSpec(spec: unknown): SpecFields | string {
  if (!isRecord(spec)) {
    return 'no spec';
  }
  const kind = text(pick(spec, 'kind'));
  if (!kind) {
    return 'no spec.kind';
  }
  const name = text(pick(spec, 'name'));
  if (!name) {
    return 'no spec.name';
  }
  const errors = errorTexts(pick(spec, 'error'));
  if (errors === null) {
    return 'spec.error is not a list';
  }
  if (errors.length === 0) {
    return 'spec.error has no text';
  }
  return {
    kind,
    name,
    errors,
    details: text(pick(spec, 'details')),
    parentObject: text(pick(spec, 'parentObject')),
    backend: text(pick(spec, 'backend')),
  };
}

function build(
  id: string,
  fields: SpecFields,
  extra: Pick<Finding, 'uid' | 'lifecycle' | 'createdAt' | 'resourceVersion'>
): Finding {
  const slash = fields.name.indexOf('/');
  const namespace = slash > 0 ? fields.name.slice(0, slash) : null;
  const objectName = slash > 0 ? fields.name.slice(slash + 1) : fields.name;
  const { severity, rule } = deriveSeverity(fields.kind, fields.errors);
  return {
    id,
    uid: extra.uid,
    kind: fields.kind,
    name: fields.name,
    namespace,
    objectName,
    parentObject: fields.parentObject,
    errors: fields.errors,
    severity,
    severityRule: rule,
    details: fields.details,
    backend: fields.backend,
    lifecycle: extra.lifecycle,
    createdAt: extra.createdAt,
    resourceVersion: extra.resourceVersion,
    contentHash: contentHash(fields),
  };
}

/** A K8sGPT Result object (the CRD, any key casing) → Finding. */
export function normalizeResult(raw: unknown): Normalized {
  if (!isRecord(raw)) {
    return { ok: false, object: describe(raw), reason: 'not a JSON object' };
  }
  const meta = pick(raw, 'metadata');
  const name = text(pick(meta, 'name'));
  if (!name) {
    return { ok: false, object: describe(raw), reason: 'no metadata.name' };
  }
  const spec = readSpec(pick(raw, 'spec'));
  if (typeof spec === 'string') {
    return { ok: false, object: describe(raw), reason: spec };
  }
  const namespace = text(pick(meta, 'namespace'));
  const created = text(pick(meta, 'creationTimestamp'));
  const createdAt = created === null ? null : Date.parse(created);
  const status = pick(raw, 'status');
  return {
    ok: true,
    finding: build(namespace ? `${namespace}/${name}` : name, spec, {
      uid: text(pick(meta, 'uid')),
      lifecycle: text(pick(status, 'lifecycle')),
      createdAt: createdAt !== null && Number.isFinite(createdAt) ? createdAt : null,
      resourceVersion: text(pick(meta, 'resourceVersion')),
    }),
  };
}

/** One result of `k8sgpt analyze -o json` or of /v1/analyze (kind, name, error, details, parentObject; any casing). */
export function normalizeAnalysisResult(raw: unknown): Normalized {
  const spec = readSpec(raw);
  if (typeof spec === 'string') {
    return { ok: false, object: describe(raw), reason: spec };
  }
  return {
    ok: true,
    finding: build(`analysis:${spec.kind}/${spec.name}`, spec, {
      uid: null,
      lifecycle: null,
      createdAt: null,
      resourceVersion: null,
    }),
  };
}
