// 100 approvals of one proposal from two connections in this process, and from four processes on one database file:
// exactly one wins, exactly one "approved" entry is written, and the hash chain stays intact under concurrent
// appends. The processes really run at once; SQLite's busy timeout makes a writer wait for the lock, not fail.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SqliteStore } from '../../src/store/sqlite-store.ts';
import type { Actor, RemediationProposal } from '../../src/remediation/types.ts';
import { auditInput, proposal, tempDbPath } from './remediation-fixtures.ts';

const WORKER = fileURLToPath(new URL('./remediation-race-worker.ts', import.meta.url));

function approveBy(login: string): (current: RemediationProposal) => RemediationProposal {
  const actor: Actor = { type: 'user', login, name: login, role: 'Editor' };
  return (current) => ({ ...current, state: 'approved', decision: { by: actor, at: 9_000, comment: '' } });
}

/** The one approval that won must be the one the proposal records. */
function assertOneApproval(store: SqliteStore, id: string): void {
  const approvals = store.remediation.listAudit({ proposalId: id, events: ['approved'] });
  assert.equal(approvals.length, 1);
  const stored = store.remediation.getProposal(id);
  assert.equal(stored?.state, 'approved');
  assert.equal(stored?.version, 2);
  assert.equal(stored?.decision?.by.login, approvals[0].actor.login);
}

test('100 interleaved approvals through two connections to one file approve once', async (t) => {
  const path = tempDbPath(t);
  const stores = [new SqliteStore(path), new SqliteStore(path)];
  t.after(() => stores.forEach((s) => s.close()));
  stores[0].remediation.insertProposal(proposal('p1'), [auditInput('proposed', 'p1')]);

  const results = await Promise.all(
    Array.from({ length: 100 }, async (_, i) => {
      await new Promise((resolve) => setImmediate(resolve));
      const login = `user-${i}`;
      const store = stores[i % 2];
      return store.remediation.transition('p1', ['proposed'], approveBy(login), [
        auditInput('approved', 'p1', { actor: { type: 'user', login, name: login, role: 'Editor' } }),
      ]);
    })
  );
  assert.equal(results.filter((r) => r.ok).length, 1);
  for (const store of stores) {
    assertOneApproval(store, 'p1');
  }
  assert.deepEqual(stores[1].remediation.verifyAuditChain(), { ok: true, entries: 2, firstBrokenSeq: null });
});

interface Worker {
  ready: Promise<unknown>;
  go(): void;
  result: Promise<{ approved: number }>;
}

function startWorker(path: string, id: string, name: string, attempts: number): Worker {
  const child = spawn(process.execPath, [WORKER, path, id, name, String(attempts)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const lines = createInterface({ input: child.stdout });
  const seen: string[] = [];
  const ready = once(lines, 'line');
  lines.on('line', (line) => seen.push(line));
  const exited = once(child, 'exit') as Promise<[number | null]>;
  return {
    ready,
    go: () => child.stdin.end('go\n'),
    result: exited.then(([code]) => {
      assert.equal(code, 0, `race worker ${name} exited with ${code}:\n${stderr}`);
      return JSON.parse(seen[seen.length - 1]) as { approved: number };
    }),
  };
}

test('four processes trying 25 approvals each on one database file approve once', { timeout: 60_000 }, async (t) => {
  const path = tempDbPath(t);
  const setup = new SqliteStore(path);
  setup.remediation.insertProposal(proposal('p1'), [auditInput('proposed', 'p1')]);
  setup.close();

  const workers = ['w1', 'w2', 'w3', 'w4'].map((name) => startWorker(path, 'p1', name, 25));
  await Promise.all(workers.map((w) => w.ready));
  workers.forEach((w) => w.go());
  const results = await Promise.all(workers.map((w) => w.result));

  assert.equal(
    results.reduce((sum, r) => sum + r.approved, 0),
    1
  );
  const store = new SqliteStore(path);
  t.after(() => store.close());
  assertOneApproval(store, 'p1');
  assert.equal(store.remediation.listAudit({ events: ['blocked'] }).length, 100);
  // 1 proposed + 1 approved + 100 probes, appended concurrently by four processes, still one unbroken chain.
  assert.deepEqual(store.remediation.verifyAuditChain(), { ok: true, entries: 102, firstBrokenSeq: null });
});
