// API server failures as BackendErrors a person can act on: a missing object is named with its kind and place, a
// 403 names the RBAC verb and resource the sidecar lacks (and the opt-in role that grants them), a 429 (an eviction a
// PodDisruptionBudget blocks, or throttling), 5xx and timeouts are retryable.
import { ApiException } from '@kubernetes/client-node';
import { BackendError } from '../../backend.ts';

/** What a request does, in RBAC's words and a person's. */
export interface KubeCall {
  /** RBAC verb: get, list, patch, delete, create. */
  verb: string;
  /** RBAC resource with its subresource: "deployments", "pods/eviction". */
  resource: string;
  /** API group: "apps", "autoscaling"; "" for the core group. */
  group: string;
  /** "Deployment shop/checkout", "pods on node ip-10-0-1-7". */
  object: string;
}

const REMEDIATION_RBAC_FILE = 'deploy/sidecar/remediation-rbac.yaml';

/** Runs one API request; any failure becomes a BackendError (statusCode set when the API server answered). */
export async function kubeRequest<T>(call: KubeCall, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw kubeError(call, error);
  }
}

/** The Status message of an error answer, with its causes (a PodDisruptionBudget's "needs 2 healthy pods …"). */
function statusMessage(body: unknown): string {
  let status: unknown = body;
  if (typeof body === 'string') {
    try {
      status = JSON.parse(body);
    } catch {
      return body.slice(0, 300);
    }
  }
  if (typeof status !== 'object' || status === null) {
    return '';
  }
  const { message, details } = status as { message?: unknown; details?: { causes?: Array<{ message?: unknown }> } };
  const causes = (details?.causes ?? [])
    .map((cause) => cause.message)
    .filter((text): text is string => typeof text === 'string' && text !== '');
  return [typeof message === 'string' ? message : '', ...causes].filter(Boolean).join(' ');
}

function kubeError(call: KubeCall, error: unknown): BackendError {
  if (error instanceof BackendError) {
    return error;
  }
  const where = `${call.verb} ${call.object}`;
  if (!(error instanceof ApiException)) {
    // No answer: refused connection, DNS, TLS or our own timeout (AbortSignal.timeout → TimeoutError).
    const failure = error as { name?: string; message?: string; cause?: { message?: string } };
    const reason =
      failure.name === 'TimeoutError' || failure.name === 'AbortError'
        ? 'the request timed out'
        : [failure.message, failure.cause?.message].filter(Boolean).join(': ');
    return new BackendError(`${where}: the API server did not answer (${reason})`, { retryable: true, cause: error });
  }
  const code = error.code;
  const message = statusMessage(error.body);
  const suffix = message ? `: ${message}` : '';
  const options = { statusCode: code, cause: error };
  if (code === 404) {
    return new BackendError(`${call.object} not found (404)`, options);
  }
  if (code === 403) {
    const group = call.group === '' ? 'the core API group' : `API group "${call.group}"`;
    return new BackendError(
      `${where}: forbidden (403): the sidecar's service account lacks RBAC verb "${call.verb}" on ` +
        `"${call.resource}" in ${group}; apply ${REMEDIATION_RBAC_FILE} to grant it${message ? ` (${message})` : ''}`,
      options
    );
  }
  if (code === 401) {
    return new BackendError(`${where}: the API server did not accept the sidecar's credentials (401)`, options);
  }
  if (code === 429) {
    return new BackendError(`${where} was refused for now (429)${suffix}`, { ...options, retryable: true });
  }
  if (code >= 500) {
    return new BackendError(`${where} failed on the API server (${code})${suffix}`, { ...options, retryable: true });
  }
  return new BackendError(`${where} was rejected (${code})${suffix}`, options);
}
