// Remediation proposals and their audit log in the sidecar's SQLite database. Every write is one BEGIN IMMEDIATE
// transaction, which takes the database's write lock before reading: a transition reads the proposal, checks its
// state and version, writes it with `WHERE version = ?` and appends the chained audit entries while no other
// connection (another store, another sidecar process on the same file) can write in between. The busy timeout set
// by SqliteDatabase makes a second writer wait for the lock instead of failing.
import {
  auditContent,
  canonicalJson,
  chainHash,
  firstBrokenLink,
  GENESIS_HASH,
  type StoredAuditLink,
} from '../remediation/audit-chain.ts';
import { targetRef } from '../remediation/backend.ts';
import { assertPermittedChange } from '../remediation/lifecycle.ts';
import type {
  AuditChainCheck,
  AuditFilter,
  AuditInput,
  ProposalCount,
  ProposalFilter,
  RemediationStore,
  TransitionResult,
} from '../remediation/remediation-store.ts';
import type { AuditEntry, ProposalState, RemediationAction, RemediationProposal } from '../remediation/types.ts';
import type { SqliteDatabase } from './sqlite-database.ts';

type Row = Record<string, unknown>;
type SqlValue = string | number | null;

const PROPOSAL_COLUMNS = 'id, state, version, detail';
const AUDIT_COLUMNS = 'seq, at, event, proposal_id, action, target, actor_login, detail, prev_hash, hash';

export class SqliteRemediationStore implements RemediationStore {
  readonly #database: SqliteDatabase;

  constructor(database: SqliteDatabase) {
    this.#database = database;
  }

  insertProposal(proposal: RemediationProposal, audit: readonly AuditInput[]): boolean {
    return this.#database.transaction(() => {
      const inserted = this.#database.db
        .prepare(
          `INSERT INTO remediation_proposals (id, state, action, target, policy, incident_id, created_at, updated_at,
             expires_at, version, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`
        )
        .run(proposal.id, ...this.#proposalValues(proposal));
      if (Number(inserted.changes) !== 1) {
        return false;
      }
      this.#appendChained(audit);
      return true;
    });
  }

  getProposal(id: string): RemediationProposal | undefined {
    const row = this.#database.db.prepare(`SELECT ${PROPOSAL_COLUMNS} FROM remediation_proposals WHERE id = ?`).get(id);
    return row ? this.#parseProposal(row) : undefined;
  }

  /** Newest first (createdAt, then id). An empty `states` list means no state filter, like an absent one. */
  listProposals(filter: ProposalFilter = {}): RemediationProposal[] {
    const where: string[] = [];
    const values: SqlValue[] = [];
    if (filter.states && filter.states.length > 0) {
      where.push(`state IN (${filter.states.map(() => '?').join(', ')})`);
      values.push(...filter.states);
    }
    addEquals(where, values, 'action', filter.action);
    addEquals(where, values, 'target', filter.target);
    addEquals(where, values, 'policy', filter.policy);
    addEquals(where, values, 'incident_id', filter.incidentId);
    if (filter.since !== undefined) {
      where.push('created_at >= ?');
      values.push(filter.since);
    }
    const rows = this.#database.db
      .prepare(
        `SELECT ${PROPOSAL_COLUMNS} FROM remediation_proposals ${whereClause(where)}
         ORDER BY created_at DESC, id DESC LIMIT ?`
      )
      .all(...values, sqlLimit(filter.limit));
    return rows.flatMap((row) => this.#parseProposal(row) ?? []);
  }

  countProposals(): ProposalCount[] {
    const rows = this.#database.db
      .prepare('SELECT state, action, COUNT(*) AS n FROM remediation_proposals GROUP BY state, action')
      .all();
    return rows.map((row) => ({
      state: row.state as ProposalState,
      action: row.action as RemediationAction,
      count: Number(row.n),
    }));
  }

  /**
   * The proposal's version is set here (current + 1), whatever `change` returned; updatedAt is the caller's: the
   * change function sets it from the caller's clock. Throws (writing nothing) when `change` throws or returns a
   * state the lifecycle does not allow from the current one (see lifecycle.ts): that is a bug in the caller, not a
   * lost race.
   */
  transition(
    id: string,
    from: readonly ProposalState[],
    change: (current: RemediationProposal) => RemediationProposal,
    audit: readonly AuditInput[],
    expectedVersion?: number
  ): TransitionResult {
    return this.#database.transaction(() => {
      const current = this.getProposal(id);
      if (
        current === undefined ||
        !from.includes(current.state) ||
        (expectedVersion !== undefined && current.version !== expectedVersion)
      ) {
        return { ok: false, current };
      }
      const changed = change(structuredClone(current));
      assertPermittedChange(current, changed);
      const next: RemediationProposal = { ...changed, version: current.version + 1 };
      const updated = this.#database.db
        .prepare(
          `UPDATE remediation_proposals SET state = ?, action = ?, target = ?, policy = ?, incident_id = ?,
             created_at = ?, updated_at = ?, expires_at = ?, version = ?, detail = ? WHERE id = ? AND version = ?`
        )
        .run(...this.#proposalValues(next), id, current.version);
      // Cannot happen while this transaction holds the write lock; if it ever does, nothing was written.
      if (Number(updated.changes) !== 1) {
        return { ok: false, current: this.getProposal(id) };
      }
      return { ok: true, proposal: next, audit: this.#appendChained(audit) };
    });
  }

  appendAudit(entry: AuditInput): AuditEntry {
    return this.#database.transaction(() => this.#appendChained([entry])[0]);
  }

  /** Oldest first (seq order). Empty `events` means no event filter. Entries whose row is damaged are skipped. */
  listAudit(filter: AuditFilter = {}): AuditEntry[] {
    const where: string[] = [];
    const values: SqlValue[] = [];
    addEquals(where, values, 'proposal_id', filter.proposalId);
    if (filter.events && filter.events.length > 0) {
      where.push(`event IN (${filter.events.map(() => '?').join(', ')})`);
      values.push(...filter.events);
    }
    addEquals(where, values, 'actor_login', filter.actor);
    addEquals(where, values, 'target', filter.target);
    addEquals(where, values, 'action', filter.action);
    if (filter.since !== undefined) {
      where.push('at >= ?');
      values.push(filter.since);
    }
    if (filter.until !== undefined) {
      where.push('at < ?');
      values.push(filter.until);
    }
    const rows = this.#database.db
      .prepare(`SELECT ${AUDIT_COLUMNS} FROM remediation_audit ${whereClause(where)} ORDER BY seq LIMIT ?`)
      .all(...values, sqlLimit(filter.limit));
    return rows.flatMap((row) => {
      const content = this.#parseAuditContent(row, true);
      return content ? [{ seq: Number(row.seq), ...content, hash: String(row.hash) }] : [];
    });
  }

  /**
   * Recomputes every hash in seq order. Also broken: a row whose copied columns (event, actor, target …) disagree
   * with its hashed detail (they drive the filters), and entries missing at the end (the last seq is below the
   * highest seq ever handed out): firstBrokenSeq is then the first missing seq.
   */
  verifyAuditChain(): AuditChainCheck {
    const db = this.#database.db;
    const rows = db.prepare(`SELECT ${AUDIT_COLUMNS} FROM remediation_audit ORDER BY seq`).all();
    const links: StoredAuditLink[] = rows.map((row) => ({
      seq: Number(row.seq),
      prevHash: String(row.prev_hash),
      hash: String(row.hash),
      content: this.#parseAuditContent(row, false),
    }));
    let firstBrokenSeq = firstBrokenLink(links);
    if (firstBrokenSeq === null) {
      const issued = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'remediation_audit'").get();
      const lastSeq = links.length > 0 ? links[links.length - 1].seq : 0;
      if (issued && Number(issued.seq) > lastSeq) {
        firstBrokenSeq = lastSeq + 1;
      }
    }
    return { ok: firstBrokenSeq === null, entries: links.length, firstBrokenSeq };
  }

  /** Appends entries after the current last one; call inside a write transaction so the tail cannot move. */
  #appendChained(entries: readonly AuditInput[]): AuditEntry[] {
    const db = this.#database.db;
    const last = db.prepare('SELECT hash FROM remediation_audit ORDER BY seq DESC LIMIT 1').get();
    let prevHash = last ? String(last.hash) : GENESIS_HASH;
    const insert = db.prepare(
      `INSERT INTO remediation_audit (at, event, proposal_id, action, target, actor_login, detail, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
    );
    return entries.map((entry) => {
      const text = canonicalJson(auditContent(entry));
      // Read back from the stored text, so the returned entry is exactly what listAudit will return.
      const content = JSON.parse(text) as AuditInput;
      const hash = chainHash(prevHash, content);
      const result = insert.run(
        content.at,
        content.event,
        content.proposalId,
        content.action,
        content.target,
        content.actor.login,
        text,
        prevHash,
        hash
      );
      prevHash = hash;
      return { seq: Number(result.lastInsertRowid), ...content, hash };
    });
  }

  /** Every column after id, in the order of the INSERT and UPDATE statements. */
  #proposalValues(proposal: RemediationProposal): SqlValue[] {
    return [
      proposal.state,
      proposal.action,
      targetRef(proposal.target),
      proposal.policy,
      proposal.incidentId,
      proposal.createdAt,
      proposal.updatedAt,
      proposal.expiresAt,
      proposal.version,
      JSON.stringify(proposal),
    ];
  }

  // A damaged row costs that proposal, with a warning; failing the whole list would cost all of them.
  #parseProposal(row: Row): RemediationProposal | undefined {
    const where = { table: 'remediation_proposals', id: row.id };
    let value: RemediationProposal;
    try {
      value = JSON.parse(String(row.detail)) as RemediationProposal;
    } catch (error) {
      this.#database.log.warn(
        { ...where, error: (error as Error).message },
        'skipping stored remediation proposal with invalid JSON'
      );
      return undefined;
    }
    if (
      value === null ||
      typeof value !== 'object' ||
      value.id !== row.id ||
      value.state !== row.state ||
      value.version !== Number(row.version)
    ) {
      this.#database.log.warn(where, 'skipping stored remediation proposal whose detail does not match its row');
      return undefined;
    }
    return value;
  }

  /** The hashed content of an audit row, or null when its detail is not JSON or disagrees with the columns. */
  #parseAuditContent(row: Row, warn: boolean): AuditInput | null {
    const where = { table: 'remediation_audit', seq: Number(row.seq) };
    let content: AuditInput;
    try {
      content = JSON.parse(String(row.detail)) as AuditInput;
    } catch (error) {
      if (warn) {
        this.#database.log.warn(
          { ...where, error: (error as Error).message },
          'skipping audit entry with invalid JSON'
        );
      }
      return null;
    }
    const matches =
      content !== null &&
      typeof content === 'object' &&
      content.at === Number(row.at) &&
      content.event === row.event &&
      content.proposalId === row.proposal_id &&
      content.action === row.action &&
      content.target === row.target &&
      content.actor?.login === row.actor_login;
    if (!matches) {
      if (warn) {
        this.#database.log.warn(where, 'skipping audit entry whose detail does not match its row');
      }
      return null;
    }
    return content;
  }
}

function addEquals(where: string[], values: SqlValue[], column: string, value: string | undefined): void {
  if (value !== undefined) {
    where.push(`${column} = ?`);
    values.push(value);
  }
}

function whereClause(conditions: string[]): string {
  return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
}

/** SQLite's LIMIT: -1 is none (also for an infinite or NaN limit); a negative one is 0, a fractional one floored. */
function sqlLimit(limit: number | undefined): number {
  return limit === undefined || !Number.isFinite(limit) ? -1 : Math.max(0, Math.floor(limit));
}
