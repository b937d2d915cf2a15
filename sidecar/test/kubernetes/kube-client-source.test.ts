// The production Kubernetes client (KubeClientSource on @kubernetes/client-node) against the in-process FAKE API
// server, reached through a kubeconfig file: objects appear, change and disappear, and the findings tracker follows;
// a watch that ends, expires (410 Gone) or fails is resumed or relisted without losing or repeating a change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FindingsWatcher, type FindingChange } from '../../src/findings/index.ts';
import {
  KubeClientSource,
  loadKubeConfig,
  RecentEvents,
  type EventChange,
} from '../../src/sources/kubernetes/index.ts';
import {
  EVENTS_RESOURCE,
  RESULTS_RESOURCE,
  startFakeKubeApiServer,
  type FakeKubeApiServer,
} from '../doubles/fake-kube-api-server.ts';
import { recordingLogger } from '../doubles/recording-logger.ts';

const NS = 'k8sgpt-operator-system';

function result(name: string, text: string, extra: { namespace?: string; details?: string } = {}) {
  return {
    apiVersion: 'core.k8sgpt.ai/v1alpha1',
    kind: 'Result',
    metadata: { name: name.replaceAll('-', '').replaceAll('/', ''), namespace: extra.namespace ?? NS },
    spec: {
      backend: 'openai',
      kind: 'Pod',
      name,
      error: [{ text, sensitive: [] }],
      details: extra.details ?? '',
      parentObject: `Deployment/${name.split('/')[1].split('-')[0]}`,
    },
    status: { lifecycle: 'created' },
  };
}

const OOM = 'the last termination reason is OOMKilled container=checkout pod=checkout-1';
const PROBE = 'Readiness probe failed: HTTP probe failed with statuscode: 503';

async function eventually(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function settle(ms = 150): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

interface Rig {
  fake: FakeKubeApiServer;
  source: KubeClientSource;
  watcher: FindingsWatcher;
  changes: FindingChange[];
  summary(): string[];
  logger: ReturnType<typeof recordingLogger>;
  close(): Promise<void>;
}

async function rig(
  options: { resultsNamespace?: string; prepare?: (fake: FakeKubeApiServer) => void } = {}
): Promise<Rig> {
  const fake = await startFakeKubeApiServer();
  options.prepare?.(fake);
  const logger = recordingLogger();
  const { kubeConfig } = loadKubeConfig({ kubeconfig: fake.kubeconfigPath });
  const source = new KubeClientSource({
    kubeConfig,
    logger,
    resultsNamespace: options.resultsNamespace,
    backoff: { initialMs: 20, maxMs: 100 },
    pageSize: 2,
    // The tests close watches right after opening them; that is not the hot loop this guards against.
    minWatchMs: 0,
  });
  const watcher = new FindingsWatcher({ source, logger });
  const changes: FindingChange[] = [];
  watcher.subscribe((change) => changes.push(change));
  watcher.start();
  await watcher.synced();
  return {
    fake,
    source,
    watcher,
    changes,
    logger,
    summary: () => changes.map((c) => `${c.type} ${c.finding.name}`),
    close: async () => {
      await watcher.stop();
      await fake.close();
    },
  };
}

test('loadKubeConfig: a kubeconfig file wins, else in-cluster when KUBERNETES_SERVICE_HOST is set', async () => {
  const fake = await startFakeKubeApiServer();
  try {
    const fromFile = loadKubeConfig({ kubeconfig: fake.kubeconfigPath }, { KUBERNETES_SERVICE_HOST: '10.96.0.1' });
    assert.equal(fromFile.origin, 'kubeconfig-file');
    assert.equal(fromFile.server, fake.url);
    const saved = { host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT };
    process.env.KUBERNETES_SERVICE_HOST = '10.96.0.1';
    process.env.KUBERNETES_SERVICE_PORT = '443';
    try {
      const inCluster = loadKubeConfig({}, process.env);
      assert.equal(inCluster.origin, 'in-cluster');
      assert.equal(inCluster.server, 'https://10.96.0.1:443');
    } finally {
      for (const [key, value] of [
        ['KUBERNETES_SERVICE_HOST', saved.host],
        ['KUBERNETES_SERVICE_PORT', saved.port],
      ] as const) {
        if (value === undefined) {
          delete process.env[key];
        } else {
          process.env[key] = value;
        }
      }
    }
    assert.throws(() => loadKubeConfig({ kubeconfig: fake.kubeconfigPath, context: 'nope' }), /no context "nope"/);
  } finally {
    await fake.close();
  }
});

test('lists follow pages, send the kubeconfig token, and read one namespace or all', async () => {
  const fake = await startFakeKubeApiServer();
  try {
    for (let i = 1; i <= 5; i++) {
      fake.create(RESULTS_RESOURCE, result(`shop/api-${i}`, PROBE, { namespace: i === 5 ? 'other' : NS }));
    }
    const { kubeConfig } = loadKubeConfig({ kubeconfig: fake.kubeconfigPath });
    const logger = recordingLogger();
    const all = await new KubeClientSource({ kubeConfig, logger, pageSize: 2 }).listResults();
    assert.equal(all.length, 5);
    assert.deepEqual(
      fake.requests.map((r) => r.query.continue !== undefined),
      [false, true, true],
      'three pages of at most two'
    );
    assert.ok(fake.requests.every((r) => r.authorization === `Bearer ${fake.token}`));
    const one = await new KubeClientSource({ kubeConfig, logger, resultsNamespace: NS }).listResults();
    assert.deepEqual(
      one.map((r) => r.metadata.namespace),
      [NS, NS, NS, NS]
    );
    assert.equal(fake.requests.at(-1)?.path, `/apis/core.k8sgpt.ai/v1alpha1/namespaces/${NS}/results`);
  } finally {
    await fake.close();
  }
});

test('objects that appear, change and disappear are new, updated and gone in the tracker, once each', async () => {
  const r = await rig({ prepare: (fake) => fake.create(RESULTS_RESOURCE, result('shop/cart-1', PROBE)) });
  try {
    assert.deepEqual(r.summary(), ['new shop/cart-1']);
    r.fake.create(RESULTS_RESOURCE, result('shop/checkout-1', PROBE));
    await eventually(() => r.changes.length === 2, 'the new Result');
    r.fake.update(RESULTS_RESOURCE, NS, 'shopcheckout1', (o) => {
      (o.spec as { error: unknown[] }).error = [{ text: OOM }];
    });
    await eventually(() => r.changes.length === 3, 'the update');
    // Only the AI details change: stored, not announced.
    r.fake.update(RESULTS_RESOURCE, NS, 'shopcheckout1', (o) => {
      (o.spec as { details: string }).details = 'The container exceeded its memory limit.';
    });
    await eventually(() => r.watcher.get(`${NS}/shopcheckout1`)?.details !== null, 'the details');
    r.fake.remove(RESULTS_RESOURCE, NS, 'shopcart1');
    await eventually(() => r.changes.length === 4, 'the deletion');
    await settle();
    assert.deepEqual(r.summary(), [
      'new shop/cart-1',
      'new shop/checkout-1',
      'updated shop/checkout-1',
      'gone shop/cart-1',
    ]);
    assert.deepEqual(
      r.watcher.list().map((f) => [f.name, f.severity]),
      [['shop/checkout-1', 'critical']]
    );
    assert.equal(r.source.health().state, 'ok');
  } finally {
    await r.close();
  }
});

test('a watch the server ends is resumed from the last resourceVersion: changes made meanwhile arrive once', async () => {
  const r = await rig({ prepare: (fake) => fake.create(RESULTS_RESOURCE, result('shop/cart-1', PROBE)) });
  try {
    r.fake.create(RESULTS_RESOURCE, result('shop/api-1', PROBE));
    await eventually(() => r.changes.length === 2, 'the second Result');
    const seen = String(r.fake.resourceVersion());
    r.fake.closeWatches();
    r.fake.create(RESULTS_RESOURCE, result('shop/api-2', PROBE));
    r.fake.remove(RESULTS_RESOURCE, NS, 'shopcart1');
    await eventually(() => r.changes.length === 4, 'the changes made while reconnecting');
    await settle();
    assert.deepEqual(r.summary(), ['new shop/cart-1', 'new shop/api-1', 'new shop/api-2', 'gone shop/cart-1']);
    const watches = r.fake.requests.filter((q) => q.query.watch === 'true');
    assert.equal(watches.length, 2);
    assert.equal(watches[1].query.resourceVersion, seen, 'resumed where the first watch stopped');
    assert.equal(r.fake.requests.filter((q) => q.query.watch === undefined).length, 1, 'no relist was needed');
  } finally {
    await r.close();
  }
});

test('410 Gone (resourceVersion too old) relists: only real differences are reported', async () => {
  const r = await rig({
    prepare: (fake) => {
      fake.create(RESULTS_RESOURCE, result('shop/cart-1', PROBE));
      fake.create(RESULTS_RESOURCE, result('shop/api-1', PROBE));
      fake.create(RESULTS_RESOURCE, result('shop/web-1', PROBE));
    },
  });
  try {
    assert.equal(r.changes.length, 3);
    // While the watch is down, one Result is deleted, one changes, one is created, and history is compacted.
    r.fake.closeWatches();
    r.fake.remove(RESULTS_RESOURCE, NS, 'shopcart1');
    r.fake.update(RESULTS_RESOURCE, NS, 'shopapi1', (o) => {
      (o.spec as { error: unknown[] }).error = [{ text: OOM }];
    });
    r.fake.create(RESULTS_RESOURCE, result('shop/db-1', PROBE));
    r.fake.compact();
    await eventually(() => r.changes.length === 6, 'the relist');
    await settle();
    assert.deepEqual(r.summary().slice(3).sort(), ['gone shop/cart-1', 'new shop/db-1', 'updated shop/api-1']);
    assert.ok(r.logger.at('info').some((l) => /410 Gone/.test(l.message)));
    assert.deepEqual(
      r.watcher
        .list()
        .map((f) => f.name)
        .sort(),
      ['shop/api-1', 'shop/db-1', 'shop/web-1']
    );
  } finally {
    await r.close();
  }
});

test('an HTTP 410 on the watch request relists too, without repeating unchanged findings', async () => {
  const r = await rig({ prepare: (fake) => fake.create(RESULTS_RESOURCE, result('shop/cart-1', PROBE)) });
  try {
    const lists = () => r.fake.requests.filter((q) => q.query.watch === undefined).length;
    r.fake.failNext('watch', 410);
    r.fake.closeWatches();
    await eventually(() => lists() === 2, 'the relist');
    r.fake.create(RESULTS_RESOURCE, result('shop/api-1', PROBE));
    await eventually(() => r.changes.length === 2, 'the Result created after the relist');
    await settle();
    assert.deepEqual(r.summary(), ['new shop/cart-1', 'new shop/api-1']);
  } finally {
    await r.close();
  }
});

test('failing lists and watches are retried with backoff and show in the health', async () => {
  const fake = await startFakeKubeApiServer();
  const logger = recordingLogger();
  try {
    fake.create(RESULTS_RESOURCE, result('shop/cart-1', PROBE));
    fake.failNext('list', 500, 2);
    const { kubeConfig } = loadKubeConfig({ kubeconfig: fake.kubeconfigPath });
    const source = new KubeClientSource({ kubeConfig, logger, backoff: { initialMs: 20, maxMs: 100 }, minWatchMs: 0 });
    assert.equal(source.health().state, 'unknown');
    const watcher = new FindingsWatcher({ source, logger });
    watcher.start();
    await watcher.synced();
    assert.equal(watcher.list().length, 1);
    const failures = logger.at('warn').filter((l) => l.message === 'kubernetes list failed');
    assert.equal(failures.length, 2);
    assert.match(String(failures[0].details.err), /500/);
    assert.equal(source.health().state, 'ok');
    assert.match(source.health().lastError ?? '', /500/);

    await eventually(() => fake.openWatchCount() === 1, 'the watch');
    fake.failNext('watch', 503, 3);
    fake.closeWatches();
    await eventually(() => source.health().state === 'degraded', 'the failing watch to show');
    await eventually(() => fake.openWatchCount() === 1, 'the watch to come back');
    fake.create(RESULTS_RESOURCE, result('shop/api-1', PROBE));
    await eventually(() => watcher.list().length === 2, 'the Result after recovery');
    await eventually(() => source.health().state === 'ok', 'health to recover');
    const delays = logger
      .at('warn')
      .filter((l) => l.message === 'kubernetes watch failed')
      .map((l) => l.details.retryInMs);
    assert.deepEqual(delays, [20, 40, 80], 'exponential backoff');
    await watcher.stop();
  } finally {
    await fake.close();
  }
});

test('a watch closed at once without an event counts as failed, so a server that does that is not hammered', async () => {
  const fake = await startFakeKubeApiServer();
  const logger = recordingLogger();
  try {
    const { kubeConfig } = loadKubeConfig({ kubeconfig: fake.kubeconfigPath });
    const source = new KubeClientSource({ kubeConfig, logger, backoff: { initialMs: 20, maxMs: 100 } });
    const watcher = new FindingsWatcher({ source, logger });
    watcher.start();
    await watcher.synced();
    await eventually(() => fake.openWatchCount() === 1, 'the watch');
    fake.closeWatches();
    await eventually(() => logger.at('warn').some((l) => l.message === 'kubernetes watch failed'), 'the warning');
    const warning = logger.at('warn').find((l) => l.message === 'kubernetes watch failed');
    assert.match(String(warning?.details.err), /closed at once without an event/);
    assert.equal(warning?.details.retryInMs, 20);
    await eventually(() => fake.openWatchCount() === 1, 'the watch to come back');
    await watcher.stop();
  } finally {
    await fake.close();
  }
});

test('a bookmark moves the resume point forward', async () => {
  const r = await rig({ prepare: (fake) => fake.create(RESULTS_RESOURCE, result('shop/cart-1', PROBE)) });
  try {
    // Changes to another resource move the cluster-wide resourceVersion; a bookmark tells the watch so.
    await eventually(() => r.fake.openWatchCount() === 1, 'the watch');
    r.fake.create(EVENTS_RESOURCE, {
      metadata: { name: 'e1', namespace: 'shop' },
      involvedObject: { kind: 'Pod', name: 'x' },
    });
    r.fake.bookmark();
    const rv = String(r.fake.resourceVersion());
    await settle();
    r.fake.closeWatches();
    await eventually(() => r.fake.requests.filter((q) => q.query.watch === 'true').length === 2, 'the resumed watch');
    assert.equal(r.fake.requests.at(-1)?.query.resourceVersion, rv);
    assert.equal(r.fake.requests.at(-1)?.query.allowWatchBookmarks, 'true');
  } finally {
    await r.close();
  }
});

test('an unreadable Result is skipped with a warning naming it, and counts once it is fixed', async () => {
  const r = await rig({
    prepare: (fake) => {
      fake.create(RESULTS_RESOURCE, result('shop/cart-1', PROBE));
      fake.create(RESULTS_RESOURCE, {
        metadata: { name: 'broken', namespace: NS },
        spec: { kind: 'Pod', name: 'shop/x' },
      });
    },
  });
  try {
    assert.deepEqual(r.summary(), ['new shop/cart-1']);
    assert.equal(r.watcher.status().unreadable, 1);
    const warning = r.logger.at('warn').find((l) => l.message.includes('broken'));
    assert.ok(warning, 'a warning names the object');
    assert.match(warning.message, new RegExp(`${NS}/broken: spec.error is not a list`));
    r.fake.update(RESULTS_RESOURCE, NS, 'broken', (o) => {
      (o.spec as { error: unknown[] }).error = [{ Text: OOM }];
    });
    await eventually(() => r.changes.length === 2, 'the fixed Result');
    assert.equal(r.changes[1].finding.name, 'shop/x');
    assert.equal(r.watcher.status().unreadable, 0);
  } finally {
    await r.close();
  }
});

test('stop() closes the watch and nothing more is reported', async () => {
  const r = await rig({ prepare: (fake) => fake.create(RESULTS_RESOURCE, result('shop/cart-1', PROBE)) });
  try {
    await eventually(() => r.fake.openWatchCount() === 1, 'the watch');
    await r.watcher.stop();
    await eventually(() => r.fake.openWatchCount() === 0, 'the watch to close');
    r.fake.create(RESULTS_RESOURCE, result('shop/api-1', PROBE));
    await settle();
    assert.deepEqual(r.summary(), ['new shop/cart-1']);
  } finally {
    await r.fake.close();
  }
});

test('events: listed with a field selector, and watched into RecentEvents (added, modified, deleted)', async () => {
  const fake = await startFakeKubeApiServer();
  const logger = recordingLogger();
  const event = (name: string, type: string, reason: string, lastTimestamp: string) => ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: 'shop' },
    involvedObject: { kind: 'Pod', namespace: 'shop', name: 'checkout-1', uid: 'pod-uid' },
    reason,
    message: `${reason} happened`,
    type,
    count: 1,
    firstTimestamp: lastTimestamp,
    lastTimestamp,
    source: { component: 'kubelet' },
  });
  try {
    const now = Date.parse('2025-03-04T17:00:00Z');
    fake.create(EVENTS_RESOURCE, event('checkout-1.a', 'Warning', 'BackOff', '2025-03-04T16:50:00Z'));
    fake.create(EVENTS_RESOURCE, event('checkout-1.b', 'Normal', 'Pulled', '2025-03-04T16:51:00Z'));
    const { kubeConfig } = loadKubeConfig({ kubeconfig: fake.kubeconfigPath });
    const source = new KubeClientSource({ kubeConfig, logger, backoff: { initialMs: 20, maxMs: 100 } });
    const warnings = await source.listEvents({ fieldSelector: 'type=Warning' });
    assert.deepEqual(
      warnings.map((e) => [e.metadata.name, e.reason, e.lastSeen, e.source]),
      [['checkout-1.a', 'BackOff', Date.parse('2025-03-04T16:50:00Z'), 'kubelet']]
    );
    assert.equal(fake.requests.at(-1)?.path, '/api/v1/events');

    const recent = new RecentEvents({ source, logger, clock: () => now });
    const heard: EventChange[] = [];
    recent.subscribe((change) => heard.push(change));
    recent.start();
    await recent.synced();
    assert.deepEqual(
      recent.list({ type: 'Warning' }).map((e) => e.reason),
      ['BackOff']
    );
    fake.update(EVENTS_RESOURCE, 'shop', 'checkout-1.a', (o) => {
      o.count = 4;
      o.lastTimestamp = '2025-03-04T16:58:00Z';
    });
    fake.remove(EVENTS_RESOURCE, 'shop', 'checkout-1.b');
    await eventually(() => heard.length === 4, 'the event changes');
    assert.deepEqual(
      heard.map((c) => `${c.type} ${c.event.reason}`),
      ['added BackOff', 'added Pulled', 'modified BackOff', 'deleted Pulled']
    );
    assert.deepEqual(
      recent.list({ namespace: 'shop', kind: 'Pod', name: 'checkout-1' }).map((e) => e.count),
      [4]
    );
    assert.deepEqual(recent.list({ sinceMs: now - 60_000 }), [], 'nothing in the last minute');
    await recent.stop();
  } finally {
    await fake.close();
  }
});
