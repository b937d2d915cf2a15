// The silence backend against a real Alertmanager (Debian package, started per file): the preview counts the firing
// alerts the matchers catch, the step creates the silence (the alert is then suppressed), and tookEffect finds the
// silence by its proposal id, and only its own. An unreachable Alertmanager is retryable and tookEffect 'unknown'.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BackendError } from '../../../src/remediation/backend.ts';
import { AlertmanagerSilencesBackend } from '../../../src/remediation/backends/alertmanager-silences.ts';
import { startAlertmanager, type RunningAlertmanager } from '../../alerts/alertmanager-process.ts';
import { freePort } from '../../slo/helpers.ts';
import { proposal } from '../../store/remediation-fixtures.ts';

const CONFIG = ['route:', '  receiver: blackhole', 'receivers:', '  - name: blackhole', ''].join('\n');
const LABELS = { alertname: 'ContainerMemoryLimitPredicted', namespace: 'shop', pod: 'checkout-7d9-a' };

function silenceProposal(
  id: string,
  matchers: Record<string, string> = { alertname: LABELS.alertname, namespace: 'shop' }
) {
  return proposal(id, {
    action: 'silence',
    target: { kind: 'Alert', namespace: null, name: 'fp-1' },
    title: 'Silence the predicted-OOM alert of shop/checkout while it restarts',
    params: { silenceMatchers: matchers, silenceDurationMs: 30 * 60_000 },
  });
}

describe('silences on a real Alertmanager', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'prophet-silences-'));
  let alertmanager: RunningAlertmanager;
  let backend: AlertmanagerSilencesBackend;

  before(async () => {
    alertmanager = await startAlertmanager(dir, CONFIG);
    backend = new AlertmanagerSilencesBackend({ url: `${alertmanager.url}/` });
    await alertmanager.postAlerts([{ labels: LABELS, annotations: {}, startsAt: new Date().toISOString() }]);
  });
  after(async () => {
    await alertmanager?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('previews the silence it would create and how many firing alerts it catches', async () => {
    const now = Date.now();
    const preview = await backend.preview(silenceProposal('p-7'), now);
    assert.equal(preview.source, 'plan');
    assert.deepEqual(preview.impact, { podsAffected: 0, replicasChanged: 0 });
    assert.match(preview.summary, /alertname="ContainerMemoryLimitPredicted", namespace="shop" for 30 min/);
    assert.match(preview.summary, /1 alert firing unsilenced match now/);
    assert.equal(preview.objects[0].change, 'create');
    assert.match(preview.objects[0].after!, /comment: "?prophet-aiops proposal p-7: Silence the predicted-OOM/);
    const none = await backend.preview(silenceProposal('p-8', { alertname: 'Nothing' }), now);
    assert.deepEqual(none.warnings, ['no firing alert matches these matchers now']);
  });

  it('plans one non-idempotent step, creates the silence, and tookEffect finds only its own', async () => {
    const now = Date.now();
    const [step, ...rest] = await backend.plan(silenceProposal('p-1'), now);
    assert.equal(rest.length, 0);
    assert.equal(step.op, 'create-silence');
    assert.equal(step.idempotent, false);
    assert.deepEqual(step.args.matchers, { alertname: LABELS.alertname, namespace: 'shop' });
    assert.equal(step.args.endsAt, new Date(now + 30 * 60_000).toISOString());
    assert.equal(await backend.tookEffect(step), false);
    assert.match(await backend.run(step), /^silence [0-9a-f-]{36} created until /);
    assert.equal(await backend.tookEffect(step), true);
    const [other] = await backend.plan(silenceProposal('p-10'), now);
    assert.equal(await backend.tookEffect(other), false, '"p-1" must not match "p-10"');
    const alerts = (await (await fetch(`${alertmanager.url}/api/v2/alerts`)).json()) as Array<{
      status: { state: string; silencedBy: string[] };
    }>;
    assert.equal(alerts[0].status.state, 'suppressed');
    assert.equal(alerts[0].status.silencedBy.length, 1);
  });

  it('refuses a silence without matchers or duration before any request', async () => {
    await assert.rejects(backend.plan(silenceProposal('p-2', {}), Date.now()), /needs params.silenceMatchers/);
    const noDuration = { ...silenceProposal('p-3'), params: { silenceMatchers: { alertname: 'X' } } };
    await assert.rejects(backend.plan(noDuration, Date.now()), /needs params.silenceDurationMs/);
  });

  it('an Alertmanager that rejects the silence is not retryable', async () => {
    const [step] = await backend.plan(silenceProposal('p-4'), Date.now());
    const pastEnd = { ...step, args: { ...step.args, endsAt: '2001-01-01T00:00:00.000Z' } };
    await assert.rejects(backend.run(pastEnd), (error: unknown) => {
      assert.ok(error instanceof BackendError);
      assert.equal(error.statusCode, 400);
      assert.equal(error.retryable, false);
      return true;
    });
  });
});

it('an unreachable Alertmanager is retryable, and tookEffect cannot tell', async () => {
  const backend = new AlertmanagerSilencesBackend({ url: `http://127.0.0.1:${await freePort()}` });
  const [step] = await backend.plan(silenceProposal('p-5'), Date.now());
  await assert.rejects(backend.run(step), (error: unknown) => {
    assert.ok(error instanceof BackendError);
    assert.equal(error.retryable, true);
    assert.match(error.message, /did not answer/);
    return true;
  });
  assert.equal(await backend.tookEffect(step), 'unknown');
});
