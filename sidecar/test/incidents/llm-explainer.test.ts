// The LLM explainers against local stub servers speaking each provider's API (test/doubles/stub-*-server.ts):
// the request each API expects, a validated answer with real names and evidence put back, and every failure
// (timeout, 500, 429, a rejected key, an unreachable server, malformed JSON, unknown evidence) falling back to
// the built-in explanation with the reason — never an exception.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createExplainer, type ExplainerOptions } from '../../src/incidents/explainer.ts';
import type { FallbackCategory } from '../../src/incidents/explainer-metrics.ts';
import { startStubOpenAiServer } from '../doubles/stub-openai-server.ts';
import type { StubChatServer } from './recording-api-server.ts';
import { memoryDrift, MIN, oomFinding, T0 } from './incident-fixtures.ts';
import { goodAnswer, KEY, leak, PROVIDERS, recordingMetrics } from './llm-test-support.ts';

for (const provider of PROVIDERS) {
  let stub: StubChatServer;
  before(async () => (stub = await provider.start()));
  after(() => stub.close());
  const explainer = (overrides: Partial<ExplainerOptions> = {}) => {
    const { seen, metrics } = recordingMetrics();
    return { seen, explainer: createExplainer({ ...provider.options(stub.url), ...overrides }, metrics) };
  };

  test(`${provider.name}: sends the API's request and returns the model's explanation with real names and evidence`, async () => {
    stub.behave(({ user }) => ({ text: goodAnswer(user) }));
    const { seen, explainer: e } = explainer();
    const before = stub.requests.length;
    const explanation = await e.explain(leak(), T0 + 5 * MIN);
    assert.equal(stub.requests.length, before + 1);
    const request = stub.requests.at(-1)!;
    const body = request.json as Record<string, unknown>;
    if (provider.name === 'openai') {
      assert.equal(request.path, '/v1/chat/completions');
      assert.equal(request.headers.authorization, `Bearer ${KEY.openai}`);
      assert.deepEqual(body.response_format, { type: 'json_object' });
      assert.deepEqual(
        (body.messages as Array<{ role: string }>).map((m) => m.role),
        ['system', 'user']
      );
    } else {
      assert.equal(request.path, '/v1/messages');
      assert.equal(request.headers['x-api-key'], KEY.anthropic);
      assert.equal(request.headers['anthropic-version'], '2023-06-01');
      assert.equal(body.max_tokens, 1024);
      assert.equal(typeof body.system, 'string');
    }
    assert.deepEqual(explanation, {
      summary: 'checkout leaks memory: checkout-7d9f8b6c5-x2k4q was OOMKilled.',
      cause: 'memory leak in checkout',
      details: [
        { text: 'checkout-7d9f8b6c5-x2k4q was OOMKilled', evidence: [{ type: 'finding', id: oomFinding().id }] },
        {
          text: 'memory drifts up toward the limit',
          evidence: [
            { type: 'anomaly', id: memoryDrift().id },
            { type: 'alert', id: 'fp-ContainerMemoryLimitPredicted' },
          ],
        },
      ],
      explainer: provider.name,
      model: provider.name === 'openai' ? 'gpt-stub' : 'claude-stub',
      generatedAt: T0 + 5 * MIN,
      fallbackReason: null,
    });
    assert.deepEqual(seen, { calls: 1, hits: 0, fallbacks: [] });
  });

  const failures: Array<{
    what: string;
    behaviour: Parameters<StubChatServer['behave']>[0];
    reason: RegExp;
    category: FallbackCategory;
  }> = [
    {
      what: 'HTTP 500',
      behaviour: () => ({ status: 500 }),
      reason: provider.name === 'openai' ? /: HTTP 500 \(server_error\)$/ : /: HTTP 500 \(api_error\)$/,
      category: 'http-error',
    },
    {
      what: 'HTTP 429',
      behaviour: () => ({ status: 429 }),
      reason: provider.name === 'openai' ? /: HTTP 429 \(rate_limit_exceeded\)$/ : /: HTTP 429 \(rate_limit_error\)$/,
      category: 'rate-limited',
    },
    {
      what: 'a body that is not JSON',
      behaviour: () => ({ malformedBody: '{"id": "chatcmpl-1", "choices": [' }),
      reason: /: the answer is not JSON$/,
      category: 'invalid-reply',
    },
    {
      what: 'a model text that is not JSON',
      behaviour: () => ({ text: 'The checkout pod ran out of memory.' }),
      reason: /: reply is not a JSON object$/,
      category: 'invalid-reply',
    },
    {
      what: 'a reply citing unknown evidence',
      behaviour: () => ({
        text: JSON.stringify({ summary: 's', cause: 'c', details: [{ text: 't', evidence: ['finding-9'] }] }),
      }),
      reason: /: reply cites unknown evidence "finding-9"$/,
      category: 'invalid-reply',
    },
    {
      what: 'a reply without a cause',
      behaviour: () => ({ text: '{"summary": "s", "details": []}' }),
      reason: /: reply lacks a summary or a cause$/,
      category: 'invalid-reply',
    },
  ];
  for (const failure of failures) {
    test(`${provider.name}: ${failure.what} falls back to the built-in explanation, saying why`, async () => {
      stub.behave(failure.behaviour);
      const { seen, explainer: e } = explainer();
      const explanation = await e.explain(leak(), T0);
      assert.equal(explanation.explainer, 'built-in');
      assert.equal(explanation.cause, 'memory leak in Deployment shop/checkout', 'the built-in diagnosis');
      assert.match(explanation.fallbackReason ?? '', failure.reason);
      assert.ok(
        explanation.fallbackReason!.startsWith(
          `${provider.name} ${provider.name === 'openai' ? 'gpt-stub' : 'claude-stub'}: `
        )
      );
      assert.deepEqual(seen, { calls: 1, hits: 0, fallbacks: [failure.category] });
    });
  }

  test(`${provider.name}: a slow provider is cut off at the timeout`, async () => {
    stub.behave(({ user }) => ({ text: goodAnswer(user), delayMs: 3000 }));
    const { seen, explainer: e } = explainer({ timeoutMs: 200 });
    const started = performance.now();
    const explanation = await e.explain(leak(), T0);
    assert.ok(performance.now() - started < 2000, 'does not wait for the answer');
    assert.equal(
      explanation.fallbackReason,
      `${provider.name} ${provider.name === 'openai' ? 'gpt-stub' : 'claude-stub'}: no answer within 200 ms`
    );
    assert.deepEqual(seen.fallbacks, ['timeout']);
  });

  test(`${provider.name}: a rejected key is an HTTP error whose reason does not repeat the key`, async () => {
    stub.behave(({ user }) => ({ text: goodAnswer(user) }));
    const { seen, explainer: e } = explainer({ apiKey: 'sk-wrong-key-987654' });
    const explanation = await e.explain(leak(), T0);
    assert.match(explanation.fallbackReason ?? '', /: HTTP 401/);
    assert.ok(!explanation.fallbackReason!.includes('sk-'), explanation.fallbackReason!);
    assert.deepEqual(seen.fallbacks, ['http-error']);
  });
}

test('an unreachable provider is a network error, and an explainer with bad options fails at creation', async () => {
  const closed = await startStubOpenAiServer({ apiKey: KEY.openai });
  await closed.close();
  const { seen, metrics } = recordingMetrics();
  const e = createExplainer(
    { provider: 'openai', baseUrl: `${closed.url}/v1`, model: 'gpt-stub', timeoutMs: 2000 },
    metrics
  );
  const explanation = await e.explain(leak(), T0);
  assert.equal(explanation.fallbackReason, 'openai gpt-stub: network error (ECONNREFUSED)');
  assert.deepEqual(seen.fallbacks, ['network-error']);

  assert.throws(() => createExplainer({ provider: 'anthropic' }), /a model is required/);
  assert.throws(() => createExplainer({ provider: 'openai', model: 'm', baseUrl: 'ftp://example' }), /http or https/);
  assert.throws(() => createExplainer({ provider: 'gemini' as 'openai', model: 'm' }), /unknown provider/);
  assert.equal(createExplainer({ provider: 'built-in' }).name, 'built-in');
});
