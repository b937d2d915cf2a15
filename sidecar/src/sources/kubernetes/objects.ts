// Raw API objects → the typed objects of types.ts. Objects come from a watch stream (plain JSON) or from the
// generated list client (which turns times into Date objects), so both forms are read. An object without the
// fields its identity needs is refused with a reason, for the caller to log and skip.
import type { K8sGptResultObject, KubeEvent, KubeObjectMeta } from './types.ts';

export type Converted<T> = { ok: true; object: T } | { ok: false; reason: string; name: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** An RFC 3339 string or a Date → epoch ms; null when absent or unreadable. */
export function timeMs(value: unknown): number | null {
  if (value instanceof Date) {
    const t = value.getTime();
    return Number.isFinite(t) ? t : null;
  }
  if (typeof value === 'string' && value !== '') {
    const t = Date.parse(value);
    return Number.isFinite(t) ? t : null;
  }
  return null;
}

/** A name for log lines even when the object is broken: "<namespace>/<name>", or what little there is. */
export function describeRaw(raw: unknown): string {
  if (!isRecord(raw) || !isRecord(raw.metadata)) {
    return '(an object without metadata)';
  }
  const name = str(raw.metadata.name) ?? '(no name)';
  const namespace = str(raw.metadata.namespace);
  return namespace ? `${namespace}/${name}` : name;
}

export function readMeta(raw: unknown): KubeObjectMeta | string {
  if (!isRecord(raw)) {
    return 'not a JSON object';
  }
  const meta = raw.metadata;
  if (!isRecord(meta)) {
    return 'no metadata';
  }
  const name = str(meta.name);
  if (!name) {
    return 'no metadata.name';
  }
  const out: KubeObjectMeta = { name };
  const namespace = str(meta.namespace);
  if (namespace) {
    out.namespace = namespace;
  }
  const uid = str(meta.uid);
  if (uid) {
    out.uid = uid;
  }
  const resourceVersion = str(meta.resourceVersion);
  if (resourceVersion) {
    out.resourceVersion = resourceVersion;
  }
  const created = timeMs(meta.creationTimestamp);
  if (created !== null) {
    out.creationTimestamp = new Date(created).toISOString();
  }
  if (isRecord(meta.labels)) {
    const labels: Record<string, string> = {};
    for (const [key, value] of Object.entries(meta.labels)) {
      if (typeof value === 'string') {
        labels[key] = value;
      }
    }
    out.labels = labels;
  }
  return out;
}

export function toResultObject(raw: unknown): Converted<K8sGptResultObject> {
  const meta = readMeta(raw);
  if (typeof meta === 'string') {
    return { ok: false, reason: meta, name: describeRaw(raw) };
  }
  const record = raw as Record<string, unknown>;
  const object: K8sGptResultObject = { metadata: meta, spec: record.spec, status: record.status };
  if (typeof record.apiVersion === 'string') {
    object.apiVersion = record.apiVersion;
  }
  if (typeof record.kind === 'string') {
    object.kind = record.kind;
  }
  return { ok: true, object };
}

export function toKubeEvent(raw: unknown): Converted<KubeEvent> {
  const meta = readMeta(raw);
  if (typeof meta === 'string') {
    return { ok: false, reason: meta, name: describeRaw(raw) };
  }
  const record = raw as Record<string, unknown>;
  const involved = record.involvedObject;
  const involvedKind = isRecord(involved) ? str(involved.kind) : undefined;
  const involvedName = isRecord(involved) ? str(involved.name) : undefined;
  if (!isRecord(involved) || !involvedKind || !involvedName) {
    return { ok: false, reason: 'no involvedObject kind and name', name: describeRaw(raw) };
  }
  const series = isRecord(record.series) ? record.series : {};
  const firstSeen = timeMs(record.firstTimestamp) ?? timeMs(record.eventTime);
  const lastSeen =
    timeMs(record.lastTimestamp) ??
    timeMs(series.lastObservedTime) ??
    timeMs(record.eventTime) ??
    firstSeen ??
    timeMs(meta.creationTimestamp);
  const source = isRecord(record.source) ? str(record.source.component) : undefined;
  const seriesCount = typeof series.count === 'number' ? series.count : undefined;
  const count = typeof record.count === 'number' && record.count > 0 ? record.count : (seriesCount ?? 1);
  return {
    ok: true,
    object: {
      metadata: meta,
      involvedObject: {
        kind: involvedKind,
        namespace: str(involved.namespace) ?? meta.namespace ?? null,
        name: involvedName,
        uid: str(involved.uid) ?? null,
      },
      reason: str(record.reason) ?? '',
      message: typeof record.message === 'string' ? record.message : '',
      type: str(record.type) ?? 'Normal',
      count,
      firstSeen,
      lastSeen,
      source: source ?? str(record.reportingComponent) ?? null,
    },
  };
}
