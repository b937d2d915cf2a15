// Killing the sidecar in the middle of a remediation: a real process (kill-test-sidecar.ts: startService with a
// backend double that records every call in a file) is approved through HTTP with a signed X-Grafana-Id, SIGKILLed
// while its non-idempotent step is running, and restarted on the same database. The restarted sidecar must never
// run that step again: it finishes when the backend says the step took effect, and fails cleanly when it cannot say.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import type { RemediationAuditList, RemediationProposal } from '../../src/api/contract.ts';
import { auditOf, policyActor } from '../../src/remediation/actors.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';
import { fakeGrafanaSigningKeys, type FakeGrafanaSigningKeys } from '../doubles/fake-grafana-signing-keys.ts';

const ENTRY = resolve(import.meta.dirname, 'kill-test-sidecar.ts');
const TOKEN = 'kill-test-token-0123456789';
const POLICY = 'restart-on-memory-leak';

let grafana: FakeGrafanaSigningKeys;
before(async () => {
  grafana = await fakeGrafanaSigningKeys();
});
after(() => grafana.close());

interface Sidecar {
  child: ChildProcess;
  url: string;
  exited: Promise<NodeJS.Signals | number | null>;
}

function startSidecar(env: Record<string, string>): Promise<Sidecar> {
  const child = spawn(process.execPath, [ENTRY], {
    env: {
      ...process.env,
      NODE_NO_WARNINGS: '1',
      PROPHET_PORT: '0',
      PROPHET_TOKEN: TOKEN,
      PROPHET_LOG_LEVEL: 'silent',
      PROPHET_GRAFANA_URL: grafana.url,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((done) =>
    child.on('exit', (code, signal) => done(signal ?? code))
  );
  return new Promise((ready, fail) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => ready({ child, url: (JSON.parse(line) as { url: string }).url, exited }));
    void exited.then((how) => fail(new Error(`the sidecar exited (${how}) before listening: ${stderr}`)));
  });
}

/** A proposal as the restart-on-memory-leak policy makes it, stored before the first sidecar starts. */
function storeProposal(sqlitePath: string): string {
  const now = Date.now();
  const proposal: RemediationProposal = {
    id: `rem-kill-${now.toString(36)}`,
    policy: POLICY,
    action: 'rollout-restart',
    target: { kind: 'Deployment', namespace: 'shop', name: 'checkout' },
    params: {},
    title: 'Restart Deployment shop/checkout',
    rationale: 'ContainerMemoryLimitPredicted firing for shop/checkout',
    trigger: { type: 'alert', id: 'fp-kill', description: 'ContainerMemoryLimitPredicted firing' },
    incidentId: null,
    problemStartedAt: now - 60_000,
    evidence: [],
    approval: 'required',
    dryRun: false,
    state: 'proposed',
    createdAt: now,
    updatedAt: now,
    expiresAt: now + 30 * 60_000,
    decision: null,
    preview: null,
    execution: null,
    verification: null,
    followUpOf: null,
    version: 1,
  };
  const store = new SqliteStore(sqlitePath);
  try {
    assert.ok(store.remediation.insertProposal(proposal, [auditOf(proposal, 'proposed', now, policyActor(POLICY))]));
  } finally {
    store.close();
  }
  return proposal.id;
}

async function api<T>(sidecar: Sidecar, path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const identity = await grafana.sign({
    uid: 'u1',
    login: 'edna',
    email: 'edna@example.com',
    name: 'Edna',
    role: 'Editor',
  });
  const res = await fetch(`${sidecar.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${TOKEN}`, 'x-grafana-id': identity, 'content-type': 'application/json' },
  });
  return { status: res.status, body: (await res.json()) as T };
}

async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let attempt = 0; attempt < 300; attempt++) {
    const value = await read();
    if (done(value)) {
      return value;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const runLines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : []);
const calls = (file: string, call: string) =>
  runLines(file).filter((line) => line.split(' ').slice(1).join(' ') === call);

/** Approves, kills the sidecar inside the non-idempotent step, restarts it with tookEffect answering `answer`. */
async function killDuringDelete(answer: 'true' | 'unknown') {
  const dir = mkdtempSync(join(tmpdir(), 'prophet-kill-'));
  const sqlitePath = join(dir, 'prophet.db');
  const runsFile = join(dir, 'runs.log');
  const id = storeProposal(sqlitePath);
  const env = { PROPHET_SQLITE_PATH: sqlitePath, KILL_TEST_RUNS_FILE: runsFile };

  const first = await startSidecar({ ...env, KILL_TEST_BLOCK: '1' });
  try {
    const approved = await api<{ changed: boolean }>(first, `/api/remediations/${id}/approve`, {
      method: 'POST',
      body: JSON.stringify({ comment: 'restart it' }),
    });
    assert.equal(approved.status, 200);
    assert.equal(approved.body.changed, true);
    await waitFor(
      'the delete step to be running',
      async () => (await api<RemediationProposal>(first, `/api/remediations/${id}`)).body,
      (p) => p.execution?.steps[1]?.status === 'started' && calls(runsFile, 'run delete-pod').length === 1
    );
  } finally {
    first.child.kill('SIGKILL');
  }
  assert.equal(await first.exited, 'SIGKILL');

  const second = await startSidecar({ ...env, KILL_TEST_TOOK_EFFECT: answer });
  try {
    const final = await waitFor(
      'the resumed execution to finish',
      async () => (await api<RemediationProposal>(second, `/api/remediations/${id}`)).body,
      (p) => p.state !== 'executing'
    );
    const audit = (await api<RemediationAuditList>(second, `/api/remediations/audit?proposal=${id}`)).body;
    return {
      final,
      audit,
      runsFile,
      secondPid: second.child.pid,
      cleanup: () => rmSync(dir, { recursive: true, force: true }),
    };
  } finally {
    second.child.kill('SIGTERM');
    await second.exited;
  }
}

test('killed during a non-idempotent step that took effect: the restart marks it done without running it again', async (t) => {
  const { final, audit, runsFile, secondPid, cleanup } = await killDuringDelete('true');
  t.after(cleanup);
  assert.equal(final.state, 'succeeded');
  assert.equal(final.execution!.resumed, 1);
  assert.deepEqual(
    final.execution!.steps.map((s) => s.status),
    ['done', 'done']
  );
  assert.equal(calls(runsFile, 'run delete-pod').length, 1, 'the deletion ran once, before the kill');
  assert.equal(calls(runsFile, 'run patch-deployment').length, 1, 'the finished step was not repeated');
  assert.equal(calls(runsFile, 'plan').length, 1, 'the plan stored before the kill was used');
  assert.deepEqual(
    runLines(runsFile).filter((line) => line.startsWith(`${secondPid} `)),
    [`${secondPid} tookEffect delete-pod → true`]
  );
  assert.deepEqual(
    audit.entries.map((e) => e.event).filter((e) => e !== 'step'),
    ['proposed', 'approved', 'execution-started', 'execution-resumed', 'succeeded']
  );
  assert.equal(audit.chain.ok, true);
});

test('killed during a non-idempotent step whose effect is unknown: the restart fails it cleanly and never reruns it', async (t) => {
  const { final, audit, runsFile, cleanup } = await killDuringDelete('unknown');
  t.after(cleanup);
  assert.equal(final.state, 'failed');
  assert.equal(
    final.execution!.error,
    'interrupted during "delete Pod shop/checkout-0"; its effect is unknown — check by hand'
  );
  assert.deepEqual(
    final.execution!.steps.map((s) => s.status),
    ['done', 'failed']
  );
  assert.equal(calls(runsFile, 'run delete-pod').length, 1);
  assert.deepEqual(
    audit.entries.map((e) => e.event).filter((e) => e !== 'step'),
    ['proposed', 'approved', 'execution-started', 'execution-resumed', 'failed']
  );
});
