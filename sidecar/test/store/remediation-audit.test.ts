// The audit log cannot be rewritten unnoticed: SQLite refuses UPDATE and DELETE, and an edit made after removing
// those triggers (someone editing the file) breaks the sha256 chain at the edited entry.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { test, type TestContext } from 'node:test';
import {
  auditContent,
  canonicalJson,
  chainHash,
  firstBrokenLink,
  GENESIS_HASH,
  type StoredAuditLink,
} from '../../src/remediation/audit-chain.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';
import { alice, auditInput, proposal, tempDbPath } from './remediation-fixtures.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

test('canonical JSON sorts keys at every level and keeps array order', () => {
  assert.equal(
    canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null }, u: undefined }),
    '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}'
  );
  assert.equal(canonicalJson({ a: 1, b: 2 }), canonicalJson({ b: 2, a: 1 }));
});

test('an entry hash is sha256 of the previous hash and the canonical entry without seq and hash', () => {
  const content = auditInput('approved', 'p1', { actor: alice, detail: { to: 'approved', from: 'proposed' } });
  const expected = sha256(GENESIS_HASH + canonicalJson(content));
  assert.equal(GENESIS_HASH, '0'.repeat(64));
  assert.equal(chainHash(GENESIS_HASH, content), expected);
  assert.equal(chainHash(GENESIS_HASH, { ...content, seq: 7, hash: 'x' } as typeof content), expected);
  assert.deepEqual(auditContent({ ...content, seq: 7, hash: 'x' }), content);
  assert.notEqual(chainHash('1'.repeat(64), content), expected);
  assert.notEqual(chainHash(GENESIS_HASH, { ...content, comment: 'edited' }), expected);
});

test('firstBrokenLink finds the first link whose content, previous hash or hash does not follow', () => {
  const contents = [1, 2, 3].map((n) => auditInput('step', 'p1', { at: n }));
  const links: StoredAuditLink[] = [];
  let prev = GENESIS_HASH;
  for (const [i, content] of contents.entries()) {
    const hash = chainHash(prev, content);
    links.push({ seq: i + 1, prevHash: prev, hash, content });
    prev = hash;
  }
  assert.equal(firstBrokenLink(links), null);
  assert.equal(firstBrokenLink([]), null);
  assert.equal(firstBrokenLink([links[0], links[2]]), 3, 'a removed entry breaks its successor');
  assert.equal(firstBrokenLink([links[1], links[0], links[2]]), 2, 'reordering breaks the first moved entry');
  assert.equal(firstBrokenLink([links[0], { ...links[1], content: null }, links[2]]), 2, 'unreadable content');
  const edited = { ...links[1], content: { ...contents[1], comment: 'edited' } };
  assert.equal(firstBrokenLink([links[0], edited, links[2]]), 2);
  const rehashed = { ...edited, hash: chainHash(links[0].hash, edited.content) };
  assert.equal(firstBrokenLink([links[0], rehashed, links[2]]), 3, 'recomputing the edited hash breaks the next link');
});

/** A database file with one proposal and four chained audit entries, closed again. */
function seededFile(t: TestContext): string {
  const path = tempDbPath(t);
  const store = new SqliteStore(path);
  store.remediation.insertProposal(proposal('p1'), [auditInput('proposed', 'p1', { at: 1_000 })]);
  store.remediation.transition('p1', ['proposed'], (c) => ({ ...c, state: 'approved' }), [
    auditInput('approved', 'p1', { at: 2_000, actor: alice, comment: 'looks right' }),
  ]);
  store.remediation.appendAudit(auditInput('blocked', 'p2', { at: 3_000, comment: 'cooldown' }));
  store.remediation.appendAudit(auditInput('blocked', 'p3', { at: 4_000, comment: 'cooldown' }));
  assert.deepEqual(store.remediation.verifyAuditChain(), { ok: true, entries: 4, firstBrokenSeq: null });
  store.close();
  return path;
}

/** Opens the file the way someone editing it by hand would, with the append-only triggers removed. */
function tamper(path: string, sql: string): void {
  const raw = new DatabaseSync(path);
  try {
    raw.exec('DROP TRIGGER remediation_audit_no_update; DROP TRIGGER remediation_audit_no_delete;');
    raw.exec(sql);
  } finally {
    raw.close();
  }
}

function verify(t: TestContext, path: string) {
  const store = new SqliteStore(path, { warn: () => {} });
  t.after(() => store.close());
  return store.remediation.verifyAuditChain();
}

test('SQLite itself refuses to update or delete audit entries, through the store connection or any other', (t) => {
  const path = seededFile(t);
  const store = new SqliteStore(path);
  t.after(() => store.close());
  const raw = new DatabaseSync(path);
  t.after(() => raw.close());
  for (const db of [store.database.db, raw]) {
    assert.throws(
      () => db.exec("UPDATE remediation_audit SET actor_login = 'mallory' WHERE seq = 2"),
      /remediation_audit is append-only/
    );
    assert.throws(() => db.exec('DELETE FROM remediation_audit WHERE seq = 4'), /remediation_audit is append-only/);
    assert.throws(() => db.exec('DELETE FROM remediation_audit'), /remediation_audit is append-only/);
  }
  assert.deepEqual(
    store.remediation.listAudit().map((e) => [e.seq, e.actor.login]),
    [
      [1, 'sidecar'],
      [2, 'alice'],
      [3, 'sidecar'],
      [4, 'sidecar'],
    ]
  );
  assert.equal(store.remediation.verifyAuditChain().ok, true);
});

test('an edited comment breaks the chain at the edited entry', (t) => {
  const path = seededFile(t);
  tamper(path, "UPDATE remediation_audit SET detail = replace(detail, 'looks right', 'reluctantly') WHERE seq = 2");
  assert.deepEqual(verify(t, path), { ok: false, entries: 4, firstBrokenSeq: 2 });
});

test('an edited entry whose hash was recomputed breaks the chain at the next entry', (t) => {
  const path = seededFile(t);
  const store = new SqliteStore(path);
  const [first, original] = store.remediation.listAudit();
  store.close();
  const forged = { ...auditContent(original), comment: 'reluctantly' };
  const hash = chainHash(first.hash, forged);
  tamper(path, `UPDATE remediation_audit SET detail = '${canonicalJson(forged)}', hash = '${hash}' WHERE seq = 2`);
  assert.deepEqual(verify(t, path), { ok: false, entries: 4, firstBrokenSeq: 3 });
});

test('changing a filter column (who acted) without its detail is reported at that entry', (t) => {
  const path = seededFile(t);
  tamper(path, "UPDATE remediation_audit SET actor_login = 'bob' WHERE seq = 2");
  assert.deepEqual(verify(t, path), { ok: false, entries: 4, firstBrokenSeq: 2 });
});

test('a deleted entry is reported at its successor, a deleted tail at the first missing seq', (t) => {
  const middle = seededFile(t);
  tamper(middle, 'DELETE FROM remediation_audit WHERE seq = 2');
  assert.deepEqual(verify(t, middle), { ok: false, entries: 3, firstBrokenSeq: 3 });

  const tail = seededFile(t);
  tamper(tail, 'DELETE FROM remediation_audit WHERE seq >= 3');
  assert.deepEqual(verify(t, tail), { ok: false, entries: 2, firstBrokenSeq: 3 });

  const everything = seededFile(t);
  tamper(everything, 'DELETE FROM remediation_audit');
  assert.deepEqual(verify(t, everything), { ok: false, entries: 0, firstBrokenSeq: 1 });
});

test('a damaged audit row is skipped by listAudit with a warning and breaks the chain', (t) => {
  const path = seededFile(t);
  tamper(path, "UPDATE remediation_audit SET detail = '{not json' WHERE seq = 3");
  const warnings: string[] = [];
  const store = new SqliteStore(path, { warn: (_details, message) => warnings.push(message) });
  t.after(() => store.close());
  assert.deepEqual(
    store.remediation.listAudit().map((e) => e.seq),
    [1, 2, 4]
  );
  assert.deepEqual(warnings, ['skipping audit entry with invalid JSON']);
  assert.deepEqual(store.remediation.verifyAuditChain(), { ok: false, entries: 4, firstBrokenSeq: 3 });
});
