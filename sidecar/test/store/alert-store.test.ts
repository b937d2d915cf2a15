// The alert store on SQLite: folding by fingerprint, resolves, occurrences, out-of-order deliveries, filters, and
// one transaction per batch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlertNotification } from '../../src/store/alert-store.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';

const T0 = Date.parse('2026-11-02T10:00:00Z');
const MIN = 60_000;

function notification(overrides: Partial<AlertNotification> = {}): AlertNotification {
  return {
    fingerprint: 'fp-cart',
    status: 'firing',
    labels: { alertname: 'KubePodCrashLooping', severity: 'critical', namespace: 'shop', pod: 'cart-1' },
    annotations: { summary: 'cart-1 restarts' },
    startsAt: T0,
    endsAt: null,
    generatorURL: 'http://prometheus/graph',
    receiver: 'prophet',
    groupKey: '{}:{alertname="KubePodCrashLooping"}',
    externalURL: 'http://alertmanager:9093',
    ...overrides,
  };
}

/**
 * A store whose upsertBatch also checks that each change reports the alert exactly as stored afterwards (the store
 * builds them without reading them back).
 */
function openStore(t: { after: (fn: () => void) => void }): SqliteStore {
  const store = new SqliteStore(':memory:');
  t.after(() => store.close());
  const upsert = store.alerts.upsertBatch.bind(store.alerts);
  store.alerts.upsertBatch = (batch, receivedAt) => {
    const result = upsert(batch, receivedAt);
    const last = new Map(result.changes.map((change) => [change.alert.id, change.alert]));
    for (const [id, alert] of last) {
      assert.deepEqual(alert, store.alerts.get(id), `the change of ${id} is the stored alert`);
    }
    return result;
  };
  return store;
}

test('a firing alert opens one record; re-sends fold into it', (t) => {
  const { alerts } = openStore(t);
  const first = alerts.upsertBatch([notification()], T0 + MIN);
  assert.deepEqual(first.outcomes, ['opened']);
  assert.equal(first.changes.length, 1);
  assert.equal(first.changes[0].kind, 'opened');
  assert.equal(first.changes[0].previous, null);
  const opened = first.changes[0].alert;
  assert.equal(opened.id, `fp-cart-${T0}`);
  assert.deepEqual(
    [opened.status, opened.alertname, opened.severity, opened.namespace, opened.endsAt, opened.resolvedBy],
    ['firing', 'KubePodCrashLooping', 'critical', 'shop', null, null]
  );
  assert.deepEqual([opened.firstReceivedAt, opened.lastReceivedAt, opened.receivedCount], [T0 + MIN, T0 + MIN, 1]);

  // Alertmanager re-sends the group (repeat_interval, another alert joining the group) with new annotation values.
  const again = alerts.upsertBatch(
    [notification({ annotations: { summary: 'cart-1 restarts (12 times)' } })],
    T0 + 5 * MIN
  );
  assert.deepEqual(again.outcomes, ['updated']);
  assert.equal(again.changes[0].kind, 'updated');
  assert.equal(again.changes[0].previous?.receivedCount, 1);
  const folded = alerts.get(opened.id)!;
  assert.deepEqual([folded.firstReceivedAt, folded.lastReceivedAt, folded.receivedCount], [T0 + MIN, T0 + 5 * MIN, 2]);
  assert.deepEqual(folded.annotations, { summary: 'cart-1 restarts (12 times)' });
  assert.equal(alerts.list().total, 1);
});

test('a resolve closes what the firing opened; a re-sent resolve is a duplicate', (t) => {
  const { alerts } = openStore(t);
  alerts.upsertBatch([notification()], T0);
  const resolved = alerts.upsertBatch([notification({ status: 'resolved', endsAt: T0 + 10 * MIN })], T0 + 11 * MIN);
  assert.deepEqual(resolved.outcomes, ['resolved']);
  assert.equal(resolved.changes[0].kind, 'resolved');
  assert.equal(resolved.changes[0].previous?.status, 'firing');
  const alert = alerts.get(`fp-cart-${T0}`)!;
  assert.deepEqual(
    [alert.status, alert.endsAt, alert.resolvedBy, alert.receivedCount],
    ['resolved', T0 + 10 * MIN, 'alertmanager', 2]
  );
  const duplicate = alerts.upsertBatch([notification({ status: 'resolved', endsAt: T0 + 10 * MIN })], T0 + 12 * MIN);
  assert.deepEqual(duplicate.outcomes, ['duplicate']);
  assert.deepEqual(duplicate.changes, []);
  assert.equal(alerts.get(`fp-cart-${T0}`)!.receivedCount, 3);
});

test('a stale firing delivered after the resolve (same startsAt) does not reopen the alert', (t) => {
  const { alerts } = openStore(t);
  alerts.upsertBatch([notification()], T0);
  alerts.upsertBatch([notification({ status: 'resolved', endsAt: T0 + 10 * MIN })], T0 + 10 * MIN);
  const late = alerts.upsertBatch([notification({ annotations: { summary: 'old text' } })], T0 + 11 * MIN);
  assert.deepEqual(late.outcomes, ['stale']);
  assert.deepEqual(late.changes, []);
  const alert = alerts.get(`fp-cart-${T0}`)!;
  assert.deepEqual(
    [alert.status, alert.endsAt, alert.annotations.summary],
    ['resolved', T0 + 10 * MIN, 'cart-1 restarts']
  );
  assert.equal(alerts.list({ status: 'firing' }).total, 0);
});

test('the same fingerprint firing again after its resolve is a new occurrence', (t) => {
  const { alerts } = openStore(t);
  alerts.upsertBatch([notification()], T0);
  alerts.upsertBatch([notification({ status: 'resolved', endsAt: T0 + 10 * MIN })], T0 + 10 * MIN);
  const again = alerts.upsertBatch([notification({ startsAt: T0 + 60 * MIN })], T0 + 61 * MIN);
  assert.deepEqual(again.outcomes, ['opened']);
  assert.deepEqual(
    alerts.byFingerprint('fp-cart').map((a) => [a.id, a.status]),
    [
      [`fp-cart-${T0 + 60 * MIN}`, 'firing'],
      [`fp-cart-${T0}`, 'resolved'],
    ]
  );
});

test('a newer occurrence closes an older one whose resolve never arrived; its late resolve then sets the real end', (t) => {
  const { alerts } = openStore(t);
  alerts.upsertBatch([notification()], T0);
  const newer = alerts.upsertBatch([notification({ startsAt: T0 + 60 * MIN })], T0 + 61 * MIN);
  assert.deepEqual(newer.outcomes, ['opened']);
  assert.deepEqual(
    newer.changes.map((c) => [c.kind, c.alert.id]),
    [
      ['resolved', `fp-cart-${T0}`],
      ['opened', `fp-cart-${T0 + 60 * MIN}`],
    ]
  );
  const older = alerts.get(`fp-cart-${T0}`)!;
  assert.deepEqual([older.status, older.resolvedBy, older.endsAt], ['resolved', 'superseded', T0 + 60 * MIN]);

  const lateResolve = alerts.upsertBatch([notification({ status: 'resolved', endsAt: T0 + 20 * MIN })], T0 + 62 * MIN);
  assert.deepEqual(lateResolve.outcomes, ['duplicate']);
  const fixed = alerts.get(`fp-cart-${T0}`)!;
  assert.deepEqual([fixed.resolvedBy, fixed.endsAt], ['alertmanager', T0 + 20 * MIN]);
  assert.equal(alerts.get(`fp-cart-${T0 + 60 * MIN}`)!.status, 'firing');
});

test('a late firing of an occurrence older than a stored one is kept as history, closed, and changes nothing', (t) => {
  const { alerts } = openStore(t);
  alerts.upsertBatch([notification({ startsAt: T0 + 60 * MIN })], T0 + 61 * MIN);
  const late = alerts.upsertBatch([notification({ startsAt: T0 })], T0 + 62 * MIN);
  assert.deepEqual(late.outcomes, ['stale']);
  assert.deepEqual(late.changes, []);
  const old = alerts.get(`fp-cart-${T0}`)!;
  assert.deepEqual([old.status, old.resolvedBy, old.endsAt], ['resolved', 'superseded', T0 + 60 * MIN]);
  assert.equal(alerts.get(`fp-cart-${T0 + 60 * MIN}`)!.status, 'firing');
});

test('a resolve for an alert never seen firing is recorded as resolved', (t) => {
  const { alerts } = openStore(t);
  const result = alerts.upsertBatch([notification({ status: 'resolved', endsAt: T0 + 5 * MIN })], T0 + 6 * MIN);
  assert.deepEqual(result.outcomes, ['resolved']);
  assert.deepEqual(
    result.changes.map((c) => [c.kind, c.previous, c.alert.status, c.alert.endsAt]),
    [['resolved', null, 'resolved', T0 + 5 * MIN]]
  );
});

test('a resolve without an end (zero time) ends when it was received; an end before the start is clamped', (t) => {
  const { alerts } = openStore(t);
  alerts.upsertBatch([notification(), notification({ fingerprint: 'fp-other' })], T0);
  alerts.upsertBatch(
    [
      notification({ status: 'resolved' }),
      notification({ fingerprint: 'fp-other', status: 'resolved', endsAt: T0 - MIN }),
    ],
    T0 + 3 * MIN
  );
  assert.equal(alerts.get(`fp-cart-${T0}`)!.endsAt, T0 + 3 * MIN);
  assert.equal(alerts.get(`fp-other-${T0}`)!.endsAt, T0);
});

test('duplicates within one batch fold like re-sends', (t) => {
  const { alerts } = openStore(t);
  const result = alerts.upsertBatch(
    [notification(), notification(), notification({ status: 'resolved', endsAt: T0 + MIN })],
    T0
  );
  assert.deepEqual(result.outcomes, ['opened', 'updated', 'resolved']);
  assert.equal(alerts.get(`fp-cart-${T0}`)!.receivedCount, 3);
});

test('a batch is one transaction: when one alert fails, none of the batch is stored', (t) => {
  const { alerts } = openStore(t);
  alerts.upsertBatch([notification({ fingerprint: 'fp-kept' })], T0);
  // Cannot be serialised (JSON.stringify throws on a BigInt), after two alerts of the batch were applied.
  const broken = notification({
    fingerprint: 'fp-broken',
    annotations: { n: 1n } as unknown as Record<string, string>,
  });
  assert.throws(() =>
    alerts.upsertBatch(
      [notification({ fingerprint: 'fp-new' }), notification({ fingerprint: 'fp-kept', status: 'resolved' }), broken],
      T0 + MIN
    )
  );
  assert.deepEqual(
    alerts.list().alerts.map((a) => [a.fingerprint, a.status, a.receivedCount]),
    [['fp-kept', 'firing', 1]]
  );
});

test('list filters by status, severity, namespace, alertname, fingerprint and since; firing first, newest first', (t) => {
  const { alerts } = openStore(t);
  const labels = (alertname: string, severity: string | null, namespace: string) => ({
    alertname,
    namespace,
    ...(severity ? { severity } : {}),
  });
  alerts.upsertBatch(
    [
      notification({ fingerprint: 'a', startsAt: T0, labels: labels('CPUThrottling', 'warning', 'shop') }),
      notification({ fingerprint: 'b', startsAt: T0 + MIN, labels: labels('KubePodCrashLooping', 'critical', 'shop') }),
      notification({
        fingerprint: 'c',
        startsAt: T0 + 2 * MIN,
        labels: labels('KubePodCrashLooping', 'critical', 'pay'),
      }),
      notification({ fingerprint: 'd', startsAt: T0 + 3 * MIN, labels: labels('Watchdog', null, 'monitoring') }),
    ],
    T0 + 3 * MIN
  );
  // "a" ended long ago; "c" ended recently.
  alerts.upsertBatch(
    [
      notification({ fingerprint: 'a', startsAt: T0, status: 'resolved', endsAt: T0 + 5 * MIN }),
      notification({ fingerprint: 'c', startsAt: T0 + 2 * MIN, status: 'resolved', endsAt: T0 + 50 * MIN }),
    ],
    T0 + 50 * MIN
  );
  const ids = (query: Parameters<typeof alerts.list>[0]) => alerts.list(query).alerts.map((a) => a.fingerprint);
  assert.deepEqual(ids({}), ['d', 'b', 'c', 'a']);
  assert.deepEqual(ids({ status: 'firing' }), ['d', 'b']);
  assert.deepEqual(ids({ status: 'resolved' }), ['c', 'a']);
  assert.deepEqual(ids({ severity: 'critical' }), ['b', 'c']);
  assert.deepEqual(ids({ namespace: 'shop' }), ['b', 'a']);
  assert.deepEqual(ids({ alertname: 'KubePodCrashLooping', status: 'resolved' }), ['c']);
  assert.deepEqual(ids({ fingerprint: 'a' }), ['a']);
  assert.deepEqual(ids({ since: T0 + 30 * MIN }), ['d', 'b', 'c']);
  const limited = alerts.list({ limit: 2 });
  assert.deepEqual([limited.total, limited.alerts.map((a) => a.fingerprint)], [4, ['d', 'b']]);
  assert.deepEqual([...alerts.firingBySeverity()].sort(), [
    ['', 1],
    ['critical', 1],
  ]);
});

test('a storm of 1,000 alerts with every one re-sent is folded to 1,000 records in one batch each', (t) => {
  const { alerts } = openStore(t);
  const storm = Array.from({ length: 1_000 }, (_, i) =>
    notification({
      fingerprint: `fp-${i.toString(16).padStart(16, '0')}`,
      labels: { alertname: 'Storm', severity: 'critical', pod: `p-${i}` },
    })
  );
  const started = performance.now();
  const first = alerts.upsertBatch(storm, T0);
  const second = alerts.upsertBatch([...storm].reverse(), T0 + 10_000);
  const elapsed = performance.now() - started;
  t.diagnostic(`2 × 1,000 alerts stored in ${elapsed.toFixed(0)} ms`);
  assert.equal(first.outcomes.filter((o) => o === 'opened').length, 1_000);
  assert.equal(second.outcomes.filter((o) => o === 'updated').length, 1_000);
  assert.equal(alerts.list({ limit: 5_000 }).total, 1_000);
  assert.ok(alerts.list({ limit: 5_000 }).alerts.every((a) => a.receivedCount === 2));
  // The benchmark's budget is 2 s from webhook to incident; the store must take a small part of it.
  assert.ok(elapsed < 1_000, `storing 2 × 1,000 alerts took ${elapsed.toFixed(0)} ms`);
});
