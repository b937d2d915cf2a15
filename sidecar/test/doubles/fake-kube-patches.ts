// Test double helpers: how the FAKE Kubernetes API server (fake-kube-api-server.ts) applies PATCH bodies.
// Simplified on purpose, and enough for the patches the remediation backends send:
// - merge patch (application/merge-patch+json, RFC 7386): objects merge key by key, null removes a key, anything
//   else (arrays included) replaces;
// - strategic merge patch (application/strategic-merge-patch+json): treated as a merge patch. The real API server
//   merges some lists by key (containers by name, …) and honours $patch/$retainKeys directives; the fake does not,
//   so a test must not rely on list merging;
// - JSON patch (application/json-patch+json, RFC 6902): add, replace and remove with JSON pointers (no move, copy
//   or test).

export class PatchError extends Error {
  override name = 'PatchError';
  /** 415 for a content type the fake does not apply, 422 for a patch that does not fit the object. */
  readonly status: 415 | 422;

  constructor(message: string, status: 415 | 422 = 422) {
    super(message);
    this.status = status;
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (value: unknown): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function mergePatch<T>(target: T, patch: unknown): T {
  if (!isObject(patch)) {
    return structuredClone(patch) as T;
  }
  const out: Record<string, Json> = isObject(target) ? structuredClone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete out[key];
    } else {
      out[key] = mergePatch(out[key], value);
    }
  }
  return out as T;
}

interface JsonPatchOperation {
  op: string;
  path: string;
  value?: unknown;
}

function pointer(path: string): string[] {
  if (!path.startsWith('/')) {
    throw new PatchError(`JSON patch path "${path}" does not start with "/"`);
  }
  return path
    .slice(1)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
}

export function jsonPatch<T>(target: T, operations: unknown): T {
  if (!Array.isArray(operations)) {
    throw new PatchError('a JSON patch is an array of operations');
  }
  const out = structuredClone(target) as Record<string, unknown>;
  for (const operation of operations as JsonPatchOperation[]) {
    const parts = pointer(operation.path);
    const last = parts.pop()!;
    let parent: unknown = out;
    for (const part of parts) {
      parent = (parent as Record<string, unknown> | undefined)?.[part];
    }
    if (typeof parent !== 'object' || parent === null) {
      throw new PatchError(`JSON patch path "${operation.path}" has no parent object`);
    }
    const holder = parent as Record<string, unknown>;
    switch (operation.op) {
      case 'add':
        holder[last] = structuredClone(operation.value);
        break;
      case 'replace':
        if (!(last in holder)) {
          throw new PatchError(`JSON patch replace: "${operation.path}" does not exist`);
        }
        holder[last] = structuredClone(operation.value);
        break;
      case 'remove':
        if (!(last in holder)) {
          throw new PatchError(`JSON patch remove: "${operation.path}" does not exist`);
        }
        delete holder[last];
        break;
      default:
        throw new PatchError(`the fake API server does not apply JSON patch op "${operation.op}"`);
    }
  }
  return out as T;
}

export const PATCH_CONTENT_TYPES = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
} as const;

/** Applies a PATCH body by its Content-Type; throws PatchError (the server answers 415 or 422). */
export function applyPatch<T>(target: T, contentType: string, body: unknown): T {
  const type = contentType.split(';')[0].trim();
  if (type === PATCH_CONTENT_TYPES.merge || type === PATCH_CONTENT_TYPES.strategic) {
    return mergePatch(target, body);
  }
  if (type === PATCH_CONTENT_TYPES.json) {
    return jsonPatch(target, body);
  }
  throw new PatchError(`unsupported patch content type "${contentType}"`, 415);
}
