// The LLM prompt (evidence under keys, stable under re-notification, bounded) and the reading of its reply
// (only the asked-for JSON, citing only keys the prompt gave).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAnonymizer } from '../../src/incidents/anonymizer.ts';
import { buildExplanationPrompt, MAX_LINES_PER_TYPE } from '../../src/incidents/explanation-prompt.ts';
import { parseExplanationReply } from '../../src/incidents/explanation-reply.ts';
import { alert, context, event, forecast, memoryDrift, MIN, oomFinding, T0 } from './incident-fixtures.ts';

const incident = () =>
  context({
    alerts: [
      alert('ContainerOOMKilled', {
        labels: { namespace: 'shop', pod: 'checkout-7d9f8b6c5-x2k4q', team: 'payments-oncall', severity: 'critical' },
      }),
    ],
    findings: [oomFinding()],
    anomalies: [memoryDrift()],
    forecasts: [forecast('Container memory vs limit')],
    events: [event('BackOff', 'Back-off restarting failed container checkout', { count: 12, lastSeen: T0 + 14 * MIN })],
  });

test('each piece of evidence is one line under a key that maps back to its reference', () => {
  const ctx = incident();
  const prompt = buildExplanationPrompt(ctx, createAnonymizer(ctx));
  assert.deepEqual(
    [...prompt.keys],
    [
      ['alert-1', { type: 'alert', id: 'fp-ContainerOOMKilled' }],
      ['finding-1', { type: 'finding', id: oomFinding().id }],
      ['anomaly-1', { type: 'anomaly', id: memoryDrift().id }],
      ['forecast-1', { type: 'forecast', id: 'container-memory-9f8e7d6c5b4a' }],
      ['event-1', { type: 'event', id: 'Pod/checkout-7d9f8b6c5-x2k4q/BackOff' }],
    ]
  );
  const lines = prompt.user.split('\n');
  assert.equal(lines[0], 'Incident: KubePodCrashLooping on Deployment namespace-1/deployment-1');
  assert.equal(lines[2], 'Where: namespace namespace-1; Deployment deployment-1; pods pod-1');
  assert.ok(
    lines.includes(
      '[alert-1] alert ContainerOOMKilled since T; labels: namespace=namespace-1, pod=pod-1, severity=critical; summary: ContainerOOMKilled on namespace-1/pod-1'
    )
  );
  // The container is named like its deployment: one name, one placeholder.
  assert.ok(
    lines.includes(
      '[anomaly-1] anomaly on "Workload memory (largest pod) {container="deployment-1", namespace="namespace-1"}": a steady drift up since T-3h, score 0.9, ongoing'
    )
  );
  assert.ok(
    lines.includes(
      '[forecast-1] forecast "Container memory vs limit {container="deployment-1", namespace="namespace-1", pod="pod-1"}": goes above 1 GiB at T+40m'
    )
  );
  assert.ok(
    lines.includes(
      '[event-1] Warning event BackOff on Pod/pod-1, many times, last at T+15m: Back-off restarting failed container deployment-1'
    )
  );
  assert.match(prompt.system, /Reply with one JSON object/);
});

test('labels are sent only when they are names (masked) or describe the alert; all of them without anonymisation', () => {
  const ctx = incident();
  assert.ok(!buildExplanationPrompt(ctx, createAnonymizer(ctx)).user.includes('team='));
  assert.ok(buildExplanationPrompt(ctx, null).user.includes('team=payments-oncall'));
});

test('the oldest lines beyond the bound per type are left out', () => {
  const events = Array.from({ length: MAX_LINES_PER_TYPE + 3 }, (_, i) =>
    event(`Reason${i}`, 'm', { lastSeen: T0 + i * MIN })
  );
  const prompt = buildExplanationPrompt(context({ events }), null);
  assert.equal(prompt.keys.size, MAX_LINES_PER_TYPE);
  assert.ok(!prompt.user.includes('Reason2 ') && prompt.user.includes(`Reason${MAX_LINES_PER_TYPE + 2} `));
});

const keys = new Map([
  ['finding-1', { type: 'finding' as const, id: 'k8sgpt/x' }],
  ['event-1', { type: 'event' as const, id: 'Pod/p/BackOff' }],
  ['event-2', { type: 'event' as const, id: 'Pod/p/BackOff' }],
]);

test('a reply: JSON, also fenced; keys with or without brackets, any case; over-long texts clipped', () => {
  const fenced =
    '```json\n{"summary": "s", "cause": "c", "details": [{"text": "t", "evidence": ["[Finding-1]", "event-1"]}]}\n```';
  assert.deepEqual(parseExplanationReply(fenced, keys), {
    ok: true,
    reply: { summary: 's', cause: 'c', details: [{ text: 't', evidence: ['finding-1', 'event-1'] }] },
  });
  const long = parseExplanationReply(JSON.stringify({ summary: 'x'.repeat(5000), cause: 'c' }), keys);
  assert.ok(
    long.ok && long.reply.summary.length === 1000 && long.reply.summary.endsWith('…') && long.reply.details.length === 0
  );
});

test('a reply is refused when it is not the asked-for JSON or cites evidence the prompt did not give', () => {
  const reason = (text: string) => {
    const parsed = parseExplanationReply(text, keys);
    return parsed.ok ? null : parsed.reason;
  };
  assert.equal(reason('I think the pod ran out of memory.'), 'reply is not a JSON object');
  assert.equal(reason('{"summary": "s", "cause": "c", '), 'reply is not a JSON object');
  assert.equal(reason('{"summary": "", "cause": "c"}'), 'reply lacks a summary or a cause');
  assert.equal(reason('{"summary": "s", "cause": "c", "details": "none"}'), 'reply details are not a list');
  assert.equal(
    reason('{"summary": "s", "cause": "c", "details": [{"text": "t", "evidence": []}]}'),
    'a reply detail lacks its text or evidence'
  );
  assert.equal(
    reason('{"summary": "s", "cause": "c", "details": [{"text": "t", "evidence": ["alert-3"]}]}'),
    'reply cites unknown evidence "alert-3"'
  );
});
