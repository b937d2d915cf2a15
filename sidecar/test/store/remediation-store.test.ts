// The remediation store: proposals stored whole and listed by filter, every change a compare-and-set on state and
// version that writes its audit entries in the same transaction, or nothing at all.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SqliteStore } from '../../src/store/sqlite-store.ts';
import type { RemediationProposal } from '../../src/remediation/types.ts';
import { alice, auditInput, proposal, tempDbPath } from './remediation-fixtures.ts';

function memoryStore(t: { after(fn: () => void): void }, warnings: string[] = []): SqliteStore {
  const store = new SqliteStore(':memory:', { warn: (_details, message) => warnings.push(message) });
  t.after(() => store.close());
  return store;
}

const approve = (current: RemediationProposal): RemediationProposal => ({
  ...current,
  state: 'approved',
  updatedAt: 9_000,
  decision: { by: alice, at: 9_000, comment: 'go' },
});

test('a proposal is stored whole with its audit entries and read back by id', (t) => {
  const { remediation } = memoryStore(t);
  const stored = proposal('p1');
  assert.equal(remediation.insertProposal(stored, [auditInput('proposed', 'p1')]), true);
  assert.deepEqual(remediation.getProposal('p1'), stored);
  assert.equal(remediation.getProposal('nope'), undefined);
  assert.deepEqual(
    remediation.listAudit().map((e) => [e.seq, e.event, e.proposalId]),
    [[1, 'proposed', 'p1']]
  );
});

test('inserting an existing id stores nothing, not even its audit entries', (t) => {
  const { remediation } = memoryStore(t);
  remediation.insertProposal(proposal('p1'), [auditInput('proposed', 'p1')]);
  assert.equal(remediation.insertProposal(proposal('p1', { title: 'other' }), [auditInput('proposed', 'p1')]), false);
  assert.equal(remediation.getProposal('p1')?.title, 'Restart Deployment shop/checkout');
  assert.equal(remediation.listAudit().length, 1);
});

test('an insert whose audit entry SQLite refuses leaves neither the proposal nor any entry', (t) => {
  const { remediation } = memoryStore(t);
  const broken = { ...auditInput('proposed', 'p1'), event: null } as unknown as ReturnType<typeof auditInput>;
  assert.throws(
    () => remediation.insertProposal(proposal('p1'), [auditInput('proposed', 'p1'), broken]),
    /NOT NULL constraint failed: remediation_audit.event/
  );
  assert.equal(remediation.getProposal('p1'), undefined);
  assert.deepEqual(remediation.listAudit(), []);
  // The rolled-back entries left no hole in the chain: the next entry is seq 1 and the chain holds.
  assert.equal(remediation.appendAudit(auditInput('blocked', 'p1')).seq, 1);
  assert.deepEqual(remediation.verifyAuditChain(), { ok: true, entries: 1, firstBrokenSeq: null });
});

test('proposals are counted by state and action without reading them', (t) => {
  const { remediation } = memoryStore(t);
  assert.deepEqual(remediation.countProposals(), []);
  remediation.insertProposal(proposal('a'), []);
  remediation.insertProposal(proposal('b'), []);
  remediation.insertProposal(proposal('c', { action: 'scale' }), []);
  remediation.transition('b', ['proposed'], approve, []);
  const counts = remediation.countProposals().map(({ state, action, count }) => `${state} ${action} ${count}`);
  assert.deepEqual(counts.sort(), ['approved rollout-restart 1', 'proposed rollout-restart 1', 'proposed scale 1']);
});

test('proposals are listed newest first and filtered by every field', (t) => {
  const { remediation } = memoryStore(t);
  remediation.insertProposal(proposal('a', { createdAt: 1_000 }), []);
  remediation.insertProposal(
    proposal('b', {
      createdAt: 2_000,
      action: 'scale',
      policy: 'scale-on-cpu',
      target: { kind: 'Deployment', namespace: 'shop', name: 'cart' },
      incidentId: null,
    }),
    []
  );
  remediation.insertProposal(proposal('c', { createdAt: 3_000, state: 'rejected' }), []);
  remediation.insertProposal(
    proposal('d', { createdAt: 4_000, target: { kind: 'Node', namespace: null, name: 'n1' }, incidentId: 'inc-2' }),
    []
  );
  const ids = (filter?: Parameters<typeof remediation.listProposals>[0]) =>
    remediation.listProposals(filter).map((p) => p.id);
  assert.deepEqual(ids(), ['d', 'c', 'b', 'a']);
  assert.deepEqual(ids({ states: ['rejected'] }), ['c']);
  assert.deepEqual(ids({ states: ['proposed', 'rejected'] }), ['d', 'c', 'b', 'a']);
  assert.deepEqual(ids({ states: [] }), ['d', 'c', 'b', 'a']);
  assert.deepEqual(ids({ states: ['approved'] }), []);
  assert.deepEqual(ids({ action: 'scale' }), ['b']);
  assert.deepEqual(ids({ target: 'Deployment/shop/checkout' }), ['c', 'a']);
  assert.deepEqual(ids({ target: 'Node/n1' }), ['d']);
  assert.deepEqual(ids({ policy: 'scale-on-cpu' }), ['b']);
  assert.deepEqual(ids({ incidentId: 'inc-1' }), ['c', 'a']);
  assert.deepEqual(ids({ since: 2_000 }), ['d', 'c', 'b']);
  assert.deepEqual(ids({ limit: 2 }), ['d', 'c']);
  assert.deepEqual(ids({ limit: 0 }), []);
  assert.deepEqual(ids({ action: 'rollout-restart', states: ['proposed'], limit: 1 }), ['d']);
});

test('a transition stores the change with version + 1 and appends its audit entries chained', (t) => {
  const { remediation } = memoryStore(t);
  remediation.insertProposal(proposal('p1'), [auditInput('proposed', 'p1')]);
  const result = remediation.transition('p1', ['proposed'], (current) => ({ ...approve(current), version: 99 }), [
    auditInput('approved', 'p1', { actor: alice, comment: 'go', detail: { from: 'proposed', to: 'approved' } }),
  ]);
  assert.equal(result.ok, true);
  assert.ok(result.ok);
  assert.equal(result.proposal.version, 2, 'the store sets the version, whatever change() returned');
  assert.equal(result.proposal.updatedAt, 9_000, 'updatedAt is what change() set');
  assert.deepEqual(remediation.getProposal('p1'), result.proposal);
  assert.deepEqual(result.audit, remediation.listAudit({ events: ['approved'] }));
  assert.equal(result.audit[0].seq, 2);
  assert.equal(result.audit[0].actor.login, 'alice');
  assert.deepEqual(remediation.verifyAuditChain(), { ok: true, entries: 2, firstBrokenSeq: null });
});

test('of two transitions from proposed only the first succeeds; the second sees the winner and writes nothing', (t) => {
  const { remediation } = memoryStore(t);
  remediation.insertProposal(proposal('p1'), []);
  const first = remediation.transition('p1', ['proposed'], approve, [auditInput('approved', 'p1')]);
  const reject = (current: RemediationProposal): RemediationProposal => ({ ...current, state: 'rejected' });
  const second = remediation.transition('p1', ['proposed'], reject, [auditInput('rejected', 'p1')]);
  assert.equal(first.ok, true);
  assert.equal(second.ok, false);
  assert.equal(second.current?.state, 'approved');
  assert.equal(second.current?.version, 2);
  assert.deepEqual(
    remediation.listAudit().map((e) => e.event),
    ['approved']
  );
});

test('a transition at the wrong expected version or for an unknown id changes nothing', (t) => {
  const { remediation } = memoryStore(t);
  remediation.insertProposal(proposal('p1', { version: 3 }), []);
  const stale = remediation.transition('p1', ['proposed'], approve, [auditInput('approved', 'p1')], 2);
  assert.deepEqual(stale, { ok: false, current: proposal('p1', { version: 3 }) });
  assert.deepEqual(remediation.transition('nope', ['proposed'], approve, [auditInput('approved', 'nope')]), {
    ok: false,
    current: undefined,
  });
  assert.deepEqual(remediation.listAudit(), []);
  const fresh = remediation.transition('p1', ['proposed'], approve, [auditInput('approved', 'p1')], 3);
  assert.equal(fresh.ok, true);
  assert.equal(remediation.getProposal('p1')?.version, 4);
});

test('a change to a state the lifecycle does not allow throws and writes nothing', (t) => {
  const { remediation } = memoryStore(t);
  remediation.insertProposal(proposal('p1'), []);
  // `from` matches, but proposed → executing skips the approval.
  assert.throws(
    () =>
      remediation.transition('p1', ['proposed'], (c) => ({ ...c, state: 'executing' }), [
        auditInput('execution-started', 'p1'),
      ]),
    /remediation proposal p1: proposed → executing is not a lifecycle transition \(allowed: proposed, approved, rejected, expired\)/
  );
  assert.throws(
    () => remediation.transition('p1', ['proposed'], (c) => ({ ...c, id: 'p2' }), []),
    /changed the id to p2/
  );
  assert.deepEqual(remediation.getProposal('p1'), proposal('p1'));
  assert.deepEqual(remediation.listAudit(), []);
});

test('a final proposal takes no further change, not even a progress update', (t) => {
  const { remediation } = memoryStore(t);
  remediation.insertProposal(proposal('p1', { state: 'rejected' }), []);
  assert.throws(
    () => remediation.transition('p1', ['rejected'], (c) => ({ ...c, title: 'edited' }), []),
    /rejected → rejected is not a lifecycle transition \(rejected is final\)/
  );
  assert.equal(remediation.getProposal('p1')?.title, 'Restart Deployment shop/checkout');
});

test('a throwing change function leaves the proposal and the audit log as they were', (t) => {
  const { remediation } = memoryStore(t);
  remediation.insertProposal(proposal('p1'), [auditInput('proposed', 'p1')]);
  assert.throws(
    () =>
      remediation.transition(
        'p1',
        ['proposed'],
        () => {
          throw new Error('backend exploded');
        },
        [auditInput('approved', 'p1')]
      ),
    /backend exploded/
  );
  assert.deepEqual(remediation.getProposal('p1'), proposal('p1'));
  assert.deepEqual(
    remediation.listAudit().map((e) => e.event),
    ['proposed']
  );
  // The connection is usable afterwards (the transaction was rolled back, not left open).
  assert.equal(remediation.transition('p1', ['proposed'], approve, []).ok, true);
});

test('a change function that edits its argument in place cannot fool the lifecycle check', (t) => {
  const { remediation } = memoryStore(t);
  remediation.insertProposal(proposal('p1'), []);
  assert.throws(
    () =>
      remediation.transition(
        'p1',
        ['proposed'],
        (current) => {
          current.state = 'succeeded';
          return current;
        },
        []
      ),
    /proposed → succeeded is not a lifecycle transition/
  );
});

test('progress within a state is a transition too: each update bumps the version', (t) => {
  const { remediation } = memoryStore(t);
  remediation.insertProposal(proposal('p1', { state: 'executing' }), []);
  const step = (detail: string) => (c: RemediationProposal) => ({ ...c, rationale: detail });
  const first = remediation.transition('p1', ['executing'], step('one'), [auditInput('step', 'p1')], 1);
  const second = remediation.transition('p1', ['executing'], step('two'), [auditInput('step', 'p1')], 2);
  const replay = remediation.transition('p1', ['executing'], step('one again'), [auditInput('step', 'p1')], 2);
  assert.deepEqual([first.ok, second.ok, replay.ok], [true, true, false]);
  assert.equal(remediation.getProposal('p1')?.rationale, 'two');
  assert.equal(remediation.listAudit({ events: ['step'] }).length, 2);
});

test('audit entries are listed oldest first and filtered by every field', (t) => {
  const { remediation } = memoryStore(t);
  remediation.appendAudit(auditInput('proposed', 'p1', { at: 1_000 }));
  remediation.appendAudit(auditInput('approved', 'p1', { at: 2_000, actor: alice }));
  remediation.appendAudit(
    auditInput('blocked', 'p2', { at: 3_000, action: 'scale', target: 'Deployment/shop/cart', comment: 'cooldown' })
  );
  remediation.appendAudit(auditInput('rejected', 'p3', { at: 4_000, actor: alice, target: 'Node/n1' }));
  const seqs = (filter?: Parameters<typeof remediation.listAudit>[0]) =>
    remediation.listAudit(filter).map((e) => e.seq);
  assert.deepEqual(seqs(), [1, 2, 3, 4]);
  assert.deepEqual(seqs({ proposalId: 'p1' }), [1, 2]);
  assert.deepEqual(seqs({ events: ['approved', 'rejected'] }), [2, 4]);
  assert.deepEqual(seqs({ events: [] }), [1, 2, 3, 4]);
  assert.deepEqual(seqs({ actor: 'alice' }), [2, 4]);
  assert.deepEqual(seqs({ actor: 'sidecar' }), [1, 3]);
  assert.deepEqual(seqs({ target: 'Deployment/shop/cart' }), [3]);
  assert.deepEqual(seqs({ action: 'scale' }), [3]);
  assert.deepEqual(seqs({ since: 2_000 }), [2, 3, 4]);
  assert.deepEqual(seqs({ until: 3_000 }), [1, 2]);
  assert.deepEqual(seqs({ since: 2_000, until: 4_000 }), [2, 3]);
  assert.deepEqual(seqs({ limit: 3 }), [1, 2, 3]);
  assert.deepEqual(seqs({ actor: 'alice', proposalId: 'p3', events: ['rejected'], limit: 5 }), [4]);
  const blocked = remediation.listAudit({ events: ['blocked'] })[0];
  assert.deepEqual(
    { ...blocked, hash: typeof blocked.hash },
    {
      seq: 3,
      ...auditInput('blocked', 'p2', {
        at: 3_000,
        action: 'scale',
        target: 'Deployment/shop/cart',
        comment: 'cooldown',
      }),
      hash: 'string',
    }
  );
});

test('appendAudit returns exactly the entry listAudit returns later (undefined members dropped)', (t) => {
  const { remediation } = memoryStore(t);
  const appended = remediation.appendAudit({
    ...auditInput('blocked', 'p1', { detail: { limit: 3, reason: 'rate limit', extra: undefined as unknown as null } }),
  });
  assert.deepEqual(remediation.listAudit(), [appended]);
  assert.deepEqual(appended.detail, { limit: 3, reason: 'rate limit' });
});

test('proposals and the audit log survive closing and reopening the database', (t) => {
  const path = tempDbPath(t);
  const first = new SqliteStore(path);
  first.remediation.insertProposal(proposal('p1'), [auditInput('proposed', 'p1')]);
  first.remediation.transition('p1', ['proposed'], approve, [auditInput('approved', 'p1', { actor: alice })]);
  const before = { proposal: first.remediation.getProposal('p1'), audit: first.remediation.listAudit() };
  first.close();

  const reopened = new SqliteStore(path);
  t.after(() => reopened.close());
  assert.deepEqual(reopened.remediation.getProposal('p1'), before.proposal);
  assert.equal(before.proposal?.state, 'approved');
  assert.deepEqual(reopened.remediation.listAudit(), before.audit);
  assert.deepEqual(reopened.remediation.verifyAuditChain(), { ok: true, entries: 2, firstBrokenSeq: null });
  // The chain continues where it stopped.
  const next = reopened.remediation.transition('p1', ['approved'], (c) => ({ ...c, state: 'executing' }), [
    auditInput('execution-started', 'p1'),
  ]);
  assert.ok(next.ok);
  assert.equal(next.audit[0].seq, 3);
  assert.equal(reopened.remediation.verifyAuditChain().ok, true);
});

test('a damaged proposal row is skipped with a warning instead of failing the list', (t) => {
  const warnings: string[] = [];
  const store = memoryStore(t, warnings);
  store.remediation.insertProposal(proposal('good'), []);
  store.remediation.insertProposal(proposal('bad-json', { createdAt: 3_000 }), []);
  store.remediation.insertProposal(proposal('mismatch', { createdAt: 4_000 }), []);
  const db = store.database.db;
  db.prepare("UPDATE remediation_proposals SET detail = '{oops' WHERE id = 'bad-json'").run();
  db.prepare("UPDATE remediation_proposals SET state = 'approved' WHERE id = 'mismatch'").run();
  assert.deepEqual(
    store.remediation.listProposals().map((p) => p.id),
    ['good']
  );
  assert.equal(store.remediation.getProposal('bad-json'), undefined);
  assert.deepEqual(
    store.remediation.transition('bad-json', ['proposed'], approve, [auditInput('approved', 'bad-json')]),
    { ok: false, current: undefined }
  );
  // Newest first: 'mismatch' is read before 'bad-json'.
  assert.deepEqual(warnings.slice(0, 2), [
    'skipping stored remediation proposal whose detail does not match its row',
    'skipping stored remediation proposal with invalid JSON',
  ]);
  assert.deepEqual(store.remediation.listAudit(), []);
});
