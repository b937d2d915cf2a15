// The silence action in demo mode creates a silence on the simulated Alertmanager, which then stops delivering the
// matching alerts; a resumed execution finds the silence by its proposal instead of creating a second one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimulatedAlertmanager } from '../../../src/alerts/simulated-alertmanager.ts';
import type { WebhookPayload } from '../../../src/alerts/webhook-payload.ts';
import type { AlertmanagerWebhookResult } from '../../../src/api/contract.ts';
import { SimulatedSilencesBackend } from '../../../src/remediation/backends/simulated/simulated-silences-backend.ts';
import { createSimulatedCluster } from '../../../src/sources/simulator/cluster.ts';
import { liveSimulatedAlerts } from '../../../src/sources/simulator/simulated-alerts.ts';
import { proposal } from '../../store/remediation-fixtures.ts';

const ANCHOR = Date.UTC(2026, 10, 26, 12);
const MIN = 60_000;
const HOUR = 60 * MIN;
const T = ANCHOR + 2 * HOUR + 5 * MIN;

function setup() {
  const cluster = createSimulatedCluster({ seed: 42, anchorMs: ANCHOR });
  const clock = { now: T };
  const received: WebhookPayload[] = [];
  const alertmanager = new SimulatedAlertmanager({
    alerts: liveSimulatedAlerts(cluster),
    receiver: {
      receive(payload: WebhookPayload): AlertmanagerWebhookResult {
        received.push(payload);
        return { received: 1, opened: 0, updated: 0, resolved: 0, duplicate: 0, stale: 0 };
      },
    },
    clock: () => clock.now,
    historyMs: 0,
  });
  const backend = new SimulatedSilencesBackend({ alertmanager, clock: () => clock.now });
  const burn = alertmanager.alerts().find((a) => a.labels.alertname === 'SLOErrorBudgetBurn')!;
  const silence = proposal('p-7', {
    action: 'silence',
    title: 'Silence SLOErrorBudgetBurn for payments-api',
    target: { kind: 'Alert', namespace: null, name: burn.fingerprint },
    params: {
      silenceMatchers: { alertname: 'SLOErrorBudgetBurn', sloth_id: 'payments-api-availability' },
      silenceDurationMs: 2 * HOUR,
    },
  });
  return { alertmanager, backend, clock, received, silence, burn };
}

test('preview counts the firing alerts it mutes and shows the silence to create', async () => {
  const { backend, silence } = setup();
  const preview = await backend.preview(silence, T);
  assert.equal(preview.source, 'simulator');
  assert.match(
    preview.summary,
    /^Silences 1 firing alert matching \{alertname="SLOErrorBudgetBurn", sloth_id="payments-api-availability"\} for 2h/
  );
  assert.equal(preview.objects[0].change, 'create');
  assert.match(preview.diff, /\+comment: "?prophet-aiops proposal p-7: Silence SLOErrorBudgetBurn/);
  assert.match(preview.diff, /\+endsAt: "?2026-11-26T16:05:00.000Z"?/);
  assert.deepEqual(preview.impact, { podsAffected: 0, replicasChanged: 0 });
});

test('run creates the silence; the alert is not delivered while it lasts; tookEffect finds it by proposal', async () => {
  const { alertmanager, backend, clock, received, silence } = setup();
  const [step] = await backend.plan(silence, T);
  assert.equal(step.op, 'create-silence');
  assert.equal(step.idempotent, false);
  assert.equal(step.args.startsAt, new Date(T).toISOString());
  alertmanager.addSilence({
    matchers: [{ name: 'alertname', value: 'SLOErrorBudgetBurn', isRegex: false, isEqual: true }],
    startsAt: T - HOUR,
    endsAt: T - MIN,
    comment: 'prophet-aiops proposal p-70: an earlier one',
    createdBy: 'prophet-aiops',
  });
  assert.equal(await backend.tookEffect(step), false, "another proposal's silence is not this step's");
  assert.match(await backend.run(step), /^silence [0-9a-f-]{36} mutes \{alertname="SLOErrorBudgetBurn"/);
  assert.equal(await backend.tookEffect(step), true);
  assert.equal(alertmanager.silences().length, 2);

  alertmanager.deliverDue();
  const delivered = () => received.flatMap((p) => p.alerts).map((a) => a.labels.alertname);
  assert.ok(!delivered().includes('SLOErrorBudgetBurn'), 'silenced');
  assert.ok(delivered().includes('ContainerMemoryLimitPredicted'), 'the rest still arrives');
  clock.now = T + 2 * HOUR;
  alertmanager.deliverDue();
  assert.ok(delivered().includes('SLOErrorBudgetBurn'), 'delivered once the silence has ended');
});

test("without matchers the silence matches the alert's own labels; unknown alerts and missing durations are refused", async () => {
  const { backend, silence, burn } = setup();
  const [step] = await backend.plan({ ...silence, params: { silenceDurationMs: HOUR } }, T);
  assert.deepEqual(step.args.matchers, burn.labels);
  await assert.rejects(
    backend.preview({ ...silence, target: { kind: 'Alert', namespace: null, name: 'feedface' } }, T),
    /the simulated Alertmanager has no alert with fingerprint feedface/
  );
  await assert.rejects(backend.plan({ ...silence, params: {} }, T), /silence needs params\.silenceDurationMs/);
  await assert.rejects(
    backend.plan({ ...silence, target: { kind: 'Deployment', namespace: 'shop', name: 'checkout' } }, T),
    /silence works on an Alert/
  );
});

test('replay creates the silence again after a sidecar restart, from when it was made', async () => {
  const first = setup();
  const [step] = await first.backend.plan(first.silence, T);
  await first.backend.run(step);
  const second = setup();
  second.clock.now = T + 30 * MIN;
  second.backend.replay(step, T);
  assert.equal(await second.backend.tookEffect(step), true);
  const [silence] = second.alertmanager.silences();
  assert.equal(silence.startsAt, T);
  assert.equal(silence.endsAt, T + 2 * HOUR);
});
