// The listener fan-out: ordered delivery per listener, isolation of failing and slow listeners, batches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AlertEvents, type AlertChange, type AlertListener } from '../../src/alerts/index.ts';

function change(id: string, kind: AlertChange['kind'] = 'opened'): AlertChange {
  const alert = {
    id,
    fingerprint: id,
    status: kind === 'resolved' ? ('resolved' as const) : ('firing' as const),
    resolvedBy: null,
    alertname: 'A',
    severity: 'critical',
    namespace: null,
    labels: {},
    annotations: {},
    startsAt: 0,
    endsAt: null,
    generatorURL: null,
    receiver: 'r',
    groupKey: 'g',
    externalURL: 'http://am',
    firstReceivedAt: 0,
    lastReceivedAt: 0,
    receivedCount: 1,
  };
  return { kind, alert, previous: null };
}

function recordingListener(
  name: string,
  seen: string[],
  behaviour?: (c: AlertChange) => void | Promise<void>
): AlertListener {
  return {
    name,
    async onAlertChange(c) {
      await behaviour?.(c);
      seen.push(`${c.kind}:${c.alert.id}`);
    },
  };
}

test('every listener gets every change, in order, even when an earlier delivery is slow', async () => {
  const events = new AlertEvents();
  const fast: string[] = [];
  const slow: string[] = [];
  events.subscribe(recordingListener('fast', fast));
  events.subscribe(
    recordingListener('slow', slow, (c) =>
      c.alert.id === 'a' ? new Promise((resolve) => setTimeout(resolve, 30)) : undefined
    )
  );
  void events.publish([change('a'), change('b')]);
  void events.publish([change('a', 'resolved')]);
  await events.idle();
  assert.deepEqual(fast, ['opened:a', 'opened:b', 'resolved:a']);
  assert.deepEqual(slow, ['opened:a', 'opened:b', 'resolved:a']);
});

test('a listener that throws or rejects is reported and keeps receiving; the others are unaffected', async () => {
  const failures: Array<[string, string, string]> = [];
  const events = new AlertEvents({
    onListenerError: (listener, c, error) => failures.push([listener, c.alert.id, (error as Error).message]),
  });
  const healthy: string[] = [];
  const flaky: string[] = [];
  events.subscribe({
    name: 'throws',
    onAlertChange(c) {
      if (c.alert.id === 'a') {
        throw new Error('sync boom');
      }
      flaky.push(c.alert.id);
    },
  });
  events.subscribe({
    name: 'rejects',
    async onAlertChange() {
      throw new Error('async boom');
    },
  });
  events.subscribe(recordingListener('healthy', healthy));
  await events.publish([change('a'), change('b')]);
  assert.deepEqual(healthy, ['opened:a', 'opened:b']);
  assert.deepEqual(flaky, ['b']);
  assert.deepEqual(failures.sort(), [
    ['rejects', 'a', 'async boom'],
    ['rejects', 'b', 'async boom'],
    ['throws', 'a', 'sync boom'],
  ]);
});

test('an error in the error reporter does not break delivery either', async () => {
  const events = new AlertEvents({
    onListenerError: () => {
      throw new Error('reporter broken');
    },
  });
  const seen: string[] = [];
  events.subscribe({ name: 'bad', onAlertChange: () => Promise.reject(new Error('x')) });
  events.subscribe(recordingListener('good', seen));
  await events.publish([change('a')]);
  await events.publish([change('b')]);
  assert.deepEqual(seen, ['opened:a', 'opened:b']);
});

test('a batch listener gets each publish as one call; unsubscribed listeners get nothing more', async () => {
  const events = new AlertEvents();
  const batches: string[][] = [];
  const single: string[] = [];
  const unsubscribe = events.subscribe({
    name: 'batch',
    onAlertChange: () => assert.fail('onAlertChanges is used when present'),
    onAlertChanges: (changes) => {
      batches.push(changes.map((c) => c.alert.id));
    },
  });
  events.subscribe(recordingListener('single', single));
  assert.equal(events.listenerCount, 2);
  await events.publish([change('a'), change('b')]);
  unsubscribe();
  await events.publish([change('c')]);
  assert.deepEqual(batches, [['a', 'b']]);
  assert.deepEqual(single, ['opened:a', 'opened:b', 'opened:c']);
  assert.equal(events.listenerCount, 1);
});
