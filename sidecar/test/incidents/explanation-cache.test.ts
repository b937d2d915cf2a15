// Explanations per content: the cache itself (LRU bound, time to live, single-flight, failures not kept) and the
// LLM explainer on top of it — a repeated or flapping notification costs no call, new evidence does.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ExplanationCache, type Loaded } from '../../src/incidents/explanation-cache.ts';
import { createExplainer } from '../../src/incidents/explainer.ts';
import type { StubChatServer } from './recording-api-server.ts';
import { alert, event, finding, HOUR, MIN, T0 } from './incident-fixtures.ts';
import { goodAnswer, leak, PROVIDERS, recordingMetrics } from './llm-test-support.ts';

const value =
  (v: string, cacheable = true) =>
  async (): Promise<Loaded<string>> => ({ value: v, cacheable });

test('cache: hits until the time to live, evicts the least recently used, keeps no failures', async () => {
  const cache = new ExplanationCache<string>(2, HOUR);
  assert.deepEqual(await cache.getOrLoad('a', T0, value('A')), { value: 'A', source: 'loaded' });
  assert.deepEqual(await cache.getOrLoad('a', T0 + HOUR - 1, value('other')), { value: 'A', source: 'cache' });
  assert.deepEqual(await cache.getOrLoad('a', T0 + HOUR, value('A2')), { value: 'A2', source: 'loaded' }, 'expired');

  await cache.getOrLoad('b', T0 + HOUR, value('B'));
  await cache.getOrLoad('a', T0 + HOUR, value('unused')); // a is now the most recently used
  await cache.getOrLoad('c', T0 + HOUR, value('C'));
  assert.equal(cache.size, 2);
  assert.equal((await cache.getOrLoad('a', T0 + HOUR, value('reloaded'))).source, 'cache');
  assert.deepEqual(
    await cache.getOrLoad('b', T0 + HOUR, value('B2')),
    { value: 'B2', source: 'loaded' },
    'b was evicted'
  );

  await cache.getOrLoad('failed', T0, value('F', false));
  assert.deepEqual(await cache.getOrLoad('failed', T0, value('ok')), { value: 'ok', source: 'loaded' });
  const none = new ExplanationCache<string>(0, HOUR);
  await none.getOrLoad('a', T0, value('A'));
  assert.equal(none.size, 0);
});

test('cache: concurrent requests for one key share one load', async () => {
  const cache = new ExplanationCache<string>(10, HOUR);
  let loads = 0;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const load = async (): Promise<Loaded<string>> => {
    loads += 1;
    await gate;
    return { value: 'answer', cacheable: false };
  };
  const all = Promise.all([
    cache.getOrLoad('k', T0, load),
    cache.getOrLoad('k', T0, load),
    cache.getOrLoad('k', T0, load),
  ]);
  release();
  assert.deepEqual(
    (await all).map((r) => r.source),
    ['loaded', 'shared', 'shared']
  );
  assert.equal(loads, 1);
});

const [openai] = PROVIDERS;
let stub: StubChatServer;
before(async () => (stub = await openai.start()));
after(() => stub.close());

test('a repeated or flapping notification of the same incident content costs no provider call', async () => {
  stub.behave(({ user }) => ({ text: goodAnswer(user) }));
  const { seen, metrics } = recordingMetrics();
  const explainer = createExplainer(openai.options(stub.url), metrics);
  const sent = stub.requests.length;
  const withBackOff = () => {
    const ctx = leak();
    ctx.events.push(
      event('BackOff', 'Back-off restarting failed container checkout', { count: 3, lastSeen: T0 + MIN })
    );
    return ctx;
  };
  const first = await explainer.explain(withBackOff(), T0);

  const again = await explainer.explain(withBackOff(), T0 + 5 * MIN);
  assert.deepEqual(again, first, 'the cached explanation, with its original generatedAt');

  // The alert resolved and fired again, and its BackOff event repeated.
  const flapping = withBackOff();
  flapping.alerts.push({ ...flapping.alerts[0], startsAt: T0 + 20 * MIN });
  flapping.alerts[0] = { ...flapping.alerts[0], status: 'resolved', endsAt: T0 + 10 * MIN };
  flapping.events[0] = { ...flapping.events[0], count: 7, lastSeen: T0 + 2 * MIN };
  assert.equal((await explainer.explain(flapping, T0 + 25 * MIN)).explainer, 'openai');
  assert.equal(stub.requests.length, sent + 1);
  assert.deepEqual(seen, { calls: 1, hits: 2, fallbacks: [] });

  const more = withBackOff();
  more.events.push(event('Killing', 'Stopping container checkout'));
  await explainer.explain(more, T0 + 30 * MIN);
  assert.equal(stub.requests.length, sent + 2, 'new evidence is a new question');

  await explainer.explain(withBackOff(), T0 + 7 * HOUR);
  assert.equal(stub.requests.length, sent + 3, 'past the time to live (6h) it asks again');
});

test('concurrent explanations of one incident share one call; failures are asked again', async () => {
  stub.behave(({ user }) => ({ text: goodAnswer(user), delayMs: 150 }));
  const { seen, metrics } = recordingMetrics();
  const explainer = createExplainer(openai.options(stub.url), metrics);
  const sent = stub.requests.length;
  const results = await Promise.all([1, 2, 3].map(() => explainer.explain(leak(), T0)));
  assert.equal(stub.requests.length, sent + 1);
  assert.ok(results.every((r) => r.explainer === 'openai'));
  assert.deepEqual(seen, { calls: 1, hits: 2, fallbacks: [] });

  stub.behave(() => ({ status: 500 }));
  const other = leak();
  other.findings.push(finding(['Service has no endpoints'], { id: 'k8sgpt/other' }));
  assert.equal((await explainer.explain(other, T0)).explainer, 'built-in');
  stub.behave(({ user }) => ({ text: goodAnswer(user) }));
  assert.equal((await explainer.explain(other, T0 + MIN)).explainer, 'openai', 'the failure was not cached');
});

test('two incidents alike once masked share the answer, each told with its own names', async () => {
  stub.behave(({ user }) => ({ text: goodAnswer(user) }));
  const explainer = createExplainer(openai.options(stub.url));
  const sent = stub.requests.length;
  const rename = (text: string) => text.replaceAll('shop', 'store').replaceAll('checkout', 'basket');
  const shop = leak();
  shop.alerts[0] = alert('ContainerOOMKilled');
  const store = JSON.parse(rename(JSON.stringify(shop))) as typeof shop;
  const a = await explainer.explain(shop, T0);
  const b = await explainer.explain(store, T0);
  assert.equal(stub.requests.length, sent + 1);
  assert.equal(a.cause, 'memory leak in checkout');
  assert.equal(b.cause, 'memory leak in basket');
});
