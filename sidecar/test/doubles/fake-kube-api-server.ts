// Test double: a FAKE Kubernetes API server, in process (node:http), because no real API server can run here. It
// speaks just enough of the API for @kubernetes/client-node's list calls and Watch, for any resource registered
// with it (K8sGPT Results and core/v1 Events by default):
//   GET /apis/{group}/{version}[/namespaces/{ns}]/{plural}   (group "" → /api/{version}/…)
//     list: {kind: <Kind>List, metadata: {resourceVersion, continue}, items}, with limit/continue, labelSelector
//           and fieldSelector (equality and inequality only);
//     ?watch=true&resourceVersion=N: newline-delimited JSON events after N (ADDED/MODIFIED/DELETED, BOOKMARK when
//           allowWatchBookmarks and the test calls bookmark()), then live ones; timeoutSeconds closes it.
// resourceVersions are one cluster-wide counter, as in etcd. Tests change objects with create/update/remove, and
// make failures happen: compact() (watches from an older resourceVersion get an ERROR event with code 410, like
// "too old resource version"), failNext('watch' | 'list' | 'get' | 'write', status) (an HTTP error answer; 403 reads
// like RBAC's), closeWatches() (the server ends every open watch). Requests need the bearer token written into the
// kubeconfig it writes.
// The write verbs the remediation backends use (register WORKLOAD_RESOURCES to serve Deployments, ReplicaSets, Pods,
// Nodes and HorizontalPodAutoscalers):
//   GET    …/{plural}/{name}                 one object, 404 NotFound like the real server;
//   PATCH  …/{plural}/{name}                 merge, strategic-merge and JSON patches, applied as fake-kube-patches.ts
//                                            says (strategic merge is simplified to a merge patch);
//   DELETE …/{plural}/{name}                 DeleteOptions.preconditions.uid → 409 on a mismatch; the object goes at
//                                            once (no graceful termination: a test sets deletionTimestamp itself);
//   POST   /api/v1/namespaces/{ns}/pods/{name}/eviction
//                                            deletes the pod, or 429 when blockEviction() said a PodDisruptionBudget
//                                            allows no disruption of it.
// Every write honours ?dryRun=All: the answer is computed, nothing is stored and no watch hears of it. Every request
// is logged with its Content-Type and parsed body (writes() lists PATCH/DELETE/POST), so a test asserts exactly what
// was sent.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { applyPatch, PatchError } from './fake-kube-patches.ts';

export interface FakeResource {
  /** "" for the core group. */
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
}

export const RESULTS_RESOURCE: FakeResource = {
  group: 'core.k8sgpt.ai',
  version: 'v1alpha1',
  plural: 'results',
  kind: 'Result',
  namespaced: true,
};

export const EVENTS_RESOURCE: FakeResource = {
  group: '',
  version: 'v1',
  plural: 'events',
  kind: 'Event',
  namespaced: true,
};

export const DEPLOYMENTS_RESOURCE: FakeResource = {
  group: 'apps',
  version: 'v1',
  plural: 'deployments',
  kind: 'Deployment',
  namespaced: true,
};

export const REPLICASETS_RESOURCE: FakeResource = {
  group: 'apps',
  version: 'v1',
  plural: 'replicasets',
  kind: 'ReplicaSet',
  namespaced: true,
};

export const PODS_RESOURCE: FakeResource = { group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true };

export const NODES_RESOURCE: FakeResource = {
  group: '',
  version: 'v1',
  plural: 'nodes',
  kind: 'Node',
  namespaced: false,
};

export const HPAS_RESOURCE: FakeResource = {
  group: 'autoscaling',
  version: 'v2',
  plural: 'horizontalpodautoscalers',
  kind: 'HorizontalPodAutoscaler',
  namespaced: true,
};

/** What the remediation backends read and change. */
export const WORKLOAD_RESOURCES: FakeResource[] = [
  DEPLOYMENTS_RESOURCE,
  REPLICASETS_RESOURCE,
  PODS_RESOURCE,
  NODES_RESOURCE,
  HPAS_RESOURCE,
];

type KubeObject = {
  metadata: { name: string; namespace?: string; resourceVersion?: string; uid?: string; [k: string]: unknown };
} & Record<string, unknown>;

interface HistoryEntry {
  rv: number;
  resource: FakeResource;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObject;
}

interface OpenWatch {
  resource: FakeResource;
  namespace: string | null;
  matches: (object: KubeObject) => boolean;
  bookmarks: boolean;
  response: ServerResponse;
}

export interface FakeRequestLog {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  /** Writes only: the request's Content-Type and its body, parsed when it is JSON. */
  contentType?: string;
  body?: unknown;
}

type FailureKind = 'list' | 'watch' | 'get' | 'write';

interface PathTarget {
  resource: FakeResource;
  namespace: string | null;
  /** null for the collection. */
  name: string | null;
  /** "eviction", "scale", … */
  subresource: string | null;
}

export interface FakeKubeApiServer {
  url: string;
  token: string;
  /** A kubeconfig file pointing at this server (http, so insecure-skip-tls-verify), with the bearer token. */
  kubeconfigPath: string;
  /** Every request, in order. */
  requests: FakeRequestLog[];
  /** The PATCH, DELETE and POST requests, in order (dry-runs included: their query has dryRun=All). */
  writes(): FakeRequestLog[];
  /** Evicting this pod answers 429, as when its PodDisruptionBudget (named `budget`) allows no disruption now. */
  blockEviction(namespace: string, name: string, budget?: string): void;
  create(resource: FakeResource, object: Record<string, unknown>): KubeObject;
  /** Replace an object's content (metadata.name/namespace/uid are kept); a new resourceVersion is assigned. */
  update(
    resource: FakeResource,
    namespace: string | null,
    name: string,
    change: (object: KubeObject) => void
  ): KubeObject;
  remove(resource: FakeResource, namespace: string | null, name: string): void;
  get(resource: FakeResource, namespace: string | null, name: string): KubeObject | undefined;
  /** The cluster-wide resourceVersion now. */
  resourceVersion(): number;
  /** Forget history up to now: a watch from an older resourceVersion gets ERROR 410 (Expired). */
  compact(): void;
  /** The next `count` requests of that kind (list, watch, get of one object, write) answer with this HTTP status
   * (a Status body; 403 worded like an RBAC denial). */
  failNext(kind: FailureKind, status: number, count?: number): void;
  /** End every open watch from the server side. */
  closeWatches(): void;
  /** Send a BOOKMARK at the current resourceVersion to watches that asked for bookmarks. */
  bookmark(): void;
  openWatchCount(): number;
  close(): Promise<void>;
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function statusBody(code: number, reason: string, message: string, details?: object) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code, details };
}

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  410: 'Expired',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
};

/** "deployments.apps", "pods": how the API server names a resource in its messages. */
function groupResource(resource: FakeResource): string {
  return resource.group ? `${resource.plural}.${resource.group}` : resource.plural;
}

const VERBS: Record<string, string> = { GET: 'get', PATCH: 'patch', DELETE: 'delete', POST: 'create' };

/** An injected failure, worded like the real API server's (RBAC's for 403). */
function injectedFailure(status: number, method: string, target: PathTarget) {
  if (status !== 403) {
    return statusBody(status, REASONS[status] ?? 'InternalError', `injected failure ${status}`);
  }
  const { resource, namespace, name, subresource } = target;
  const verb = method === 'GET' && name === null ? 'list' : (VERBS[method] ?? method.toLowerCase());
  return statusBody(
    403,
    'Forbidden',
    `${groupResource(resource)}${name ? ` "${name}"` : ''} is forbidden: User ` +
      `"system:serviceaccount:prophet-aiops:prophet-aiops-sidecar" cannot ${verb} resource "${resource.plural}"` +
      `${subresource ? `/${subresource}` : ''} in API group "${resource.group}"` +
      (namespace ? ` in the namespace "${namespace}"` : ' at the cluster scope')
  );
}

function resourceKey(resource: FakeResource): string {
  return `${resource.group}/${resource.version}/${resource.plural}`;
}

function objectId(namespace: string | null | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

/** A dotted path into an object ("involvedObject.kind", "metadata.namespace"). */
function fieldValue(object: unknown, path: string): string {
  let value: unknown = object;
  for (const part of path.split('.')) {
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  }
  return value === undefined || value === null ? '' : String(value);
}

/** "a=b,c!=d" (also "a==b"): the equality-based selectors both label and field selectors use. */
function selectorMatcher(selector: string | undefined, read: (object: KubeObject, key: string) => string | undefined) {
  const terms = (selector ?? '')
    .split(',')
    .map((term) => term.trim())
    .filter(Boolean)
    .map((term) => {
      const match = /^([^!=]+)(!=|==|=)(.*)$/.exec(term);
      if (!match) {
        throw new Error(`unsupported selector term "${term}"`);
      }
      return { key: match[1].trim(), negate: match[2] === '!=', value: match[3].trim() };
    });
  return (object: KubeObject) =>
    terms.every(({ key, negate, value }) => ((read(object, key) ?? '') === value) !== negate);
}

export async function startFakeKubeApiServer(
  options: { resources?: FakeResource[]; token?: string } = {}
): Promise<FakeKubeApiServer> {
  const resources = options.resources ?? [RESULTS_RESOURCE, EVENTS_RESOURCE];
  const token = options.token ?? `fake-token-${randomUUID()}`;
  const stores = new Map<string, Map<string, KubeObject>>(resources.map((r) => [resourceKey(r), new Map()]));
  const history: HistoryEntry[] = [];
  const watches = new Set<OpenWatch>();
  const requests: FakeRequestLog[] = [];
  const failures: Record<FailureKind, number[]> = { list: [], watch: [], get: [], write: [] };
  const evictionBudgets = new Map<string, string>();
  const continues = new Map<string, { items: KubeObject[]; rv: number }>();
  let rv = 100;
  let compactedRv = 0;

  const storeOf = (resource: FakeResource) => {
    const store = stores.get(resourceKey(resource));
    if (!store) {
      throw new Error(`fake API server does not serve ${resourceKey(resource)}`);
    }
    return store;
  };

  const send = (watch: OpenWatch, type: string, object: unknown) => {
    if (!watch.response.writableEnded) {
      watch.response.write(`${JSON.stringify({ type, object })}\n`);
    }
  };
  const end = (watch: OpenWatch) => {
    watches.delete(watch);
    watch.response.end();
  };

  const record = (resource: FakeResource, type: HistoryEntry['type'], object: KubeObject) => {
    history.push({ rv, resource, type, object: clone(object) });
    for (const watch of watches) {
      if (watch.resource === resource && inScope(watch, object)) {
        send(watch, type, object);
      }
    }
  };

  const inScope = (watch: Pick<OpenWatch, 'namespace' | 'matches'>, object: KubeObject) =>
    (watch.namespace === null || object.metadata.namespace === watch.namespace) && watch.matches(object);

  const parsePath = (pathname: string): PathTarget | null => {
    const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
    let group: string;
    let rest: string[];
    if (parts[0] === 'api') {
      group = '';
      rest = parts.slice(1);
    } else if (parts[0] === 'apis') {
      group = parts[1];
      rest = parts.slice(2);
    } else {
      return null;
    }
    const [version, ...tail] = rest;
    let namespace: string | null = null;
    let names = tail;
    if (tail[0] === 'namespaces' && tail.length >= 3) {
      namespace = tail[1];
      names = tail.slice(2);
    }
    const [plural, name = null, subresource = null, ...extra] = names;
    const resource = resources.find((r) => r.group === group && r.version === version && r.plural === plural);
    if (!resource || extra.length > 0 || (name !== null && resource.namespaced !== (namespace !== null))) {
      return null;
    }
    return { resource, namespace, name, subresource };
  };

  const answer = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(body));
  };

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    if ((request.method ?? 'GET') === 'GET') {
      serve(request, response, null);
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => serve(request, response, Buffer.concat(chunks).toString('utf8')));
  };

  const serve = (request: IncomingMessage, response: ServerResponse, bodyText: string | null) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const query = Object.fromEntries(url.searchParams);
    const method = request.method ?? 'GET';
    const logged: FakeRequestLog = { method, path: url.pathname, query, authorization: request.headers.authorization };
    let body: unknown;
    if (bodyText !== null) {
      logged.contentType = request.headers['content-type'];
      try {
        body = bodyText === '' ? undefined : JSON.parse(bodyText);
      } catch {
        body = bodyText;
      }
      logged.body = body;
    }
    requests.push(logged);
    if (request.headers.authorization !== `Bearer ${token}`) {
      answer(response, 401, statusBody(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    const target = parsePath(url.pathname);
    if (!target || (method === 'GET' && target.subresource !== null)) {
      answer(
        response,
        404,
        statusBody(404, 'NotFound', `the fake API server does not serve ${method} ${url.pathname}`)
      );
      return;
    }
    if (method !== 'GET') {
      serveWrite(response, method, target, query, body, logged.contentType ?? '');
      return;
    }
    if (target.name !== null) {
      serveGet(response, target);
      return;
    }
    const { resource, namespace } = target;
    let matches: (object: KubeObject) => boolean;
    try {
      const byLabel = selectorMatcher(
        query.labelSelector,
        (object, key) => (object.metadata.labels as Record<string, string> | undefined)?.[key]
      );
      const byField = selectorMatcher(query.fieldSelector, (object, key) => fieldValue(object, key));
      matches = (object) => byLabel(object) && byField(object);
    } catch (error) {
      answer(response, 400, statusBody(400, 'BadRequest', (error as Error).message));
      return;
    }
    const isWatch = query.watch === 'true' || query.watch === '1';
    const failure = (isWatch ? failures.watch : failures.list).shift();
    if (failure !== undefined) {
      answer(
        response,
        failure,
        statusBody(failure, failure === 410 ? 'Expired' : 'InternalError', `injected failure ${failure}`)
      );
      return;
    }
    if (isWatch) {
      serveWatch(response, resource, namespace, matches, query);
    } else {
      serveList(response, resource, namespace, matches, query);
    }
  };

  const notFound = (target: PathTarget) =>
    statusBody(404, 'NotFound', `${groupResource(target.resource)} "${target.name}" not found`, {
      name: target.name,
      kind: target.resource.plural,
    });

  const serveGet = (response: ServerResponse, target: PathTarget) => {
    const failure = failures.get.shift();
    if (failure !== undefined) {
      answer(response, failure, injectedFailure(failure, 'GET', target));
      return;
    }
    const held = storeOf(target.resource).get(objectId(target.namespace, target.name!));
    if (held) {
      answer(response, 200, held);
    } else {
      answer(response, 404, notFound(target));
    }
  };

  const serveWrite = (
    response: ServerResponse,
    method: string,
    target: PathTarget,
    query: Record<string, string>,
    body: unknown,
    contentType: string
  ) => {
    const failure = failures.write.shift();
    if (failure !== undefined) {
      answer(response, failure, injectedFailure(failure, method, target));
      return;
    }
    const dryRun = query.dryRun === 'All';
    if (query.dryRun !== undefined && !dryRun) {
      answer(response, 400, statusBody(400, 'BadRequest', `unsupported dryRun value "${query.dryRun}"`));
      return;
    }
    const { resource, namespace, name, subresource } = target;
    const held = name === null ? undefined : storeOf(resource).get(objectId(namespace, name));
    const isEviction = method === 'POST' && resource.plural === 'pods' && subresource === 'eviction';
    if (name === null || (subresource !== null && !isEviction) || !['PATCH', 'DELETE', 'POST'].includes(method)) {
      answer(response, 405, statusBody(405, 'MethodNotAllowed', `the fake API server does not serve ${method} here`));
      return;
    }
    if (!held) {
      answer(response, 404, notFound(target));
      return;
    }
    if (method === 'PATCH') {
      let patched: KubeObject;
      try {
        patched = applyPatch(held, contentType, body);
      } catch (error) {
        const status = error instanceof PatchError ? error.status : 422;
        answer(response, status, statusBody(status, REASONS[status], (error as Error).message));
        return;
      }
      patched.metadata = { ...patched.metadata, name: held.metadata.name, uid: held.metadata.uid };
      if (held.metadata.namespace !== undefined) {
        patched.metadata.namespace = held.metadata.namespace;
      }
      if (JSON.stringify(patched.spec) !== JSON.stringify(held.spec)) {
        patched.metadata.generation = Number(held.metadata.generation ?? 1) + 1;
      }
      if (!dryRun) {
        rv++;
        patched.metadata.resourceVersion = String(rv);
        storeOf(resource).set(objectId(namespace, name), patched);
        record(resource, 'MODIFIED', patched);
      }
      answer(response, 200, patched);
      return;
    }
    const options = (isEviction ? (body as { deleteOptions?: unknown } | undefined)?.deleteOptions : body) as
      { preconditions?: { uid?: string } } | undefined;
    const wantUid = options?.preconditions?.uid;
    if (wantUid && wantUid !== held.metadata.uid) {
      const message = `Precondition failed: UID in precondition: ${wantUid}, UID in object meta: ${held.metadata.uid}`;
      answer(response, 409, statusBody(409, 'Conflict', message, { name, kind: resource.plural }));
      return;
    }
    const budget = isEviction ? evictionBudgets.get(objectId(namespace, name)) : undefined;
    if (budget !== undefined) {
      answer(
        response,
        429,
        statusBody(429, 'TooManyRequests', "Cannot evict pod as it would violate the pod's disruption budget.", {
          causes: [
            {
              reason: 'DisruptionBudget',
              message: `The disruption budget ${budget} needs 1 healthy pods and has 1 currently`,
            },
          ],
        })
      );
      return;
    }
    if (!dryRun) {
      removeObject(resource, namespace, name);
    }
    if (isEviction) {
      answer(response, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
    } else {
      answer(response, 200, held);
    }
  };

  const removeObject = (resource: FakeResource, namespace: string | null, name: string) => {
    const store = storeOf(resource);
    const held = store.get(objectId(namespace, name));
    if (!held) {
      throw new Error(`${objectId(namespace, name)} does not exist`);
    }
    store.delete(objectId(namespace, name));
    rv++;
    const gone = { ...clone(held), metadata: { ...held.metadata, resourceVersion: String(rv) } };
    record(resource, 'DELETED', gone);
  };

  const serveList = (
    response: ServerResponse,
    resource: FakeResource,
    namespace: string | null,
    matches: (object: KubeObject) => boolean,
    query: Record<string, string>
  ) => {
    let snapshot: { items: KubeObject[]; rv: number };
    if (query.continue) {
      const held = continues.get(query.continue);
      if (!held) {
        answer(response, 410, statusBody(410, 'Expired', 'the continue token has expired'));
        return;
      }
      snapshot = held;
      continues.delete(query.continue);
    } else {
      const items = [...storeOf(resource).values()]
        .filter((object) => inScope({ namespace, matches }, object))
        .sort((a, b) =>
          objectId(a.metadata.namespace, a.metadata.name).localeCompare(objectId(b.metadata.namespace, b.metadata.name))
        )
        .map(clone);
      snapshot = { items, rv };
    }
    const limit = Number(query.limit) > 0 ? Number(query.limit) : Infinity;
    const page = snapshot.items.slice(0, limit);
    const metadata: Record<string, string> = { resourceVersion: String(snapshot.rv) };
    if (snapshot.items.length > page.length) {
      const token = randomUUID();
      continues.set(token, { items: snapshot.items.slice(page.length), rv: snapshot.rv });
      metadata.continue = token;
    }
    const apiVersion = resource.group ? `${resource.group}/${resource.version}` : resource.version;
    answer(response, 200, { kind: `${resource.kind}List`, apiVersion, metadata, items: page });
  };

  const serveWatch = (
    response: ServerResponse,
    resource: FakeResource,
    namespace: string | null,
    matches: (object: KubeObject) => boolean,
    query: Record<string, string>
  ) => {
    response.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    response.flushHeaders();
    const watch: OpenWatch = {
      resource,
      namespace,
      matches,
      bookmarks: query.allowWatchBookmarks === 'true',
      response,
    };
    const from = query.resourceVersion;
    if (from === undefined || from === '' || from === '0') {
      // "Start at most recent": the current objects as ADDED, then changes.
      for (const object of storeOf(resource).values()) {
        if (inScope(watch, object)) {
          send(watch, 'ADDED', object);
        }
      }
    } else {
      const since = Number(from);
      if (!Number.isFinite(since) || since < compactedRv) {
        send(watch, 'ERROR', statusBody(410, 'Expired', `too old resource version: ${from} (${compactedRv})`));
        response.end();
        return;
      }
      for (const entry of history) {
        if (entry.rv > since && entry.resource === resource && inScope(watch, entry.object)) {
          send(watch, entry.type, entry.object);
        }
      }
    }
    watches.add(watch);
    const timeoutSeconds = Number(query.timeoutSeconds);
    const timer = timeoutSeconds > 0 ? setTimeout(() => end(watch), timeoutSeconds * 1000) : null;
    timer?.unref();
    const forget = () => {
      watches.delete(watch);
      if (timer) {
        clearTimeout(timer);
      }
    };
    response.on('close', forget);
    response.on('finish', forget);
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = mkdtempSync(join(tmpdir(), 'fake-kube-api-'));
  const kubeconfigPath = join(dir, 'kubeconfig.yaml');
  writeFileSync(
    kubeconfigPath,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '  - name: fake',
      '    cluster:',
      `      server: ${url}`,
      '      insecure-skip-tls-verify: true',
      'users:',
      '  - name: fake-user',
      '    user:',
      `      token: ${token}`,
      'contexts:',
      '  - name: fake',
      '    context:',
      '      cluster: fake',
      '      user: fake-user',
      'current-context: fake',
      '',
    ].join('\n')
  );

  return {
    url,
    token,
    kubeconfigPath,
    requests,
    writes: () => requests.filter((request) => request.method !== 'GET'),
    blockEviction(namespace, name, budget = `${name}-pdb`) {
      evictionBudgets.set(objectId(namespace, name), budget);
    },
    create(resource, object) {
      const store = storeOf(resource);
      const stored = clone(object) as KubeObject;
      const id = objectId(stored.metadata.namespace, stored.metadata.name);
      if (store.has(id)) {
        throw new Error(`${id} already exists`);
      }
      rv++;
      stored.metadata.uid ??= randomUUID();
      stored.metadata.resourceVersion = String(rv);
      stored.metadata.creationTimestamp ??= new Date().toISOString();
      store.set(id, stored);
      record(resource, 'ADDED', stored);
      return clone(stored);
    },
    update(resource, namespace, name, change) {
      const store = storeOf(resource);
      const held = store.get(objectId(namespace, name));
      if (!held) {
        throw new Error(`${objectId(namespace, name)} does not exist`);
      }
      const next = clone(held);
      change(next);
      rv++;
      next.metadata = {
        ...next.metadata,
        name: held.metadata.name,
        namespace: held.metadata.namespace,
        uid: held.metadata.uid,
      };
      next.metadata.resourceVersion = String(rv);
      store.set(objectId(namespace, name), next);
      record(resource, 'MODIFIED', next);
      return clone(next);
    },
    remove: removeObject,
    get(resource, namespace, name) {
      const held = storeOf(resource).get(objectId(namespace, name));
      return held && clone(held);
    },
    resourceVersion: () => rv,
    compact() {
      compactedRv = rv;
      history.length = 0;
    },
    failNext(kind, status, count = 1) {
      for (let i = 0; i < count; i++) {
        failures[kind].push(status);
      }
    },
    closeWatches() {
      for (const watch of [...watches]) {
        end(watch);
      }
    },
    bookmark() {
      for (const watch of watches) {
        if (watch.bookmarks) {
          send(watch, 'BOOKMARK', { kind: watch.resource.kind, metadata: { resourceVersion: String(rv) } });
        }
      }
    },
    openWatchCount: () => watches.size,
    async close() {
      for (const watch of [...watches]) {
        end(watch);
      }
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
