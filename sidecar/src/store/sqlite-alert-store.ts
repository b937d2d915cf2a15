// SQLite implementation of the AlertStore: one row per occurrence, keyed by occurrenceId(fingerprint, startsAt).
// A webhook notification is applied in one transaction with prepared statements, so a storm of re-sent alerts
// costs a few index lookups each and the store never holds half a notification.
import type { SQLInputValue, StatementSync } from 'node:sqlite';
import type { Labels } from '../api/contract.ts';
import {
  occurrenceId,
  type AlertChange,
  type AlertNotification,
  type AlertQuery,
  type AlertStore,
  type StoredAlert,
  type UpsertOutcome,
  type UpsertResult,
} from './alert-store.ts';
import type { SqliteDatabase } from './sqlite-database.ts';

const DEFAULT_LIMIT = 500;
const ORDER = "ORDER BY CASE status WHEN 'firing' THEN 0 ELSE 1 END, starts_at DESC, id";

type Row = Record<string, SQLInputValue>;

export class SqliteAlertStore implements AlertStore {
  readonly #database: SqliteDatabase;
  readonly #statements = new Map<string, StatementSync>();

  constructor(database: SqliteDatabase) {
    this.#database = database;
  }

  upsertBatch(notifications: AlertNotification[], receivedAt: number): UpsertResult {
    return this.#database.transaction(() => {
      const outcomes: UpsertOutcome[] = [];
      const changes: AlertChange[] = [];
      for (const notification of notifications) {
        outcomes.push(this.#apply(notification, receivedAt, changes));
      }
      return { outcomes, changes };
    });
  }

  list(query: AlertQuery = {}): { total: number; alerts: StoredAlert[] } {
    const where: string[] = [];
    const params: SQLInputValue[] = [];
    const equal = (column: string, value: string | undefined) => {
      if (value !== undefined) {
        where.push(`${column} = ?`);
        params.push(value);
      }
    };
    equal('status', query.status);
    equal('severity', query.severity);
    equal('namespace', query.namespace);
    equal('alertname', query.alertname);
    equal('fingerprint', query.fingerprint);
    if (query.since !== undefined) {
      where.push('(ends_at IS NULL OR ends_at >= ?)');
      params.push(query.since);
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const db = this.#database.db;
    const total = Number(db.prepare(`SELECT COUNT(*) AS n FROM alerts ${clause}`).get(...params)?.n ?? 0);
    const rows = db
      .prepare(`SELECT * FROM alerts ${clause} ${ORDER} LIMIT ?`)
      .all(...params, query.limit ?? DEFAULT_LIMIT);
    return { total, alerts: rows.map((row) => this.#toAlert(row)) };
  }

  get(id: string): StoredAlert | undefined {
    const row = this.#statement('SELECT * FROM alerts WHERE id = ?').get(id);
    return row ? this.#toAlert(row) : undefined;
  }

  byFingerprint(fingerprint: string): StoredAlert[] {
    return this.#statement('SELECT * FROM alerts WHERE fingerprint = ? ORDER BY starts_at DESC')
      .all(fingerprint)
      .map((row) => this.#toAlert(row));
  }

  firingBySeverity(): Map<string, number> {
    const rows = this.#statement(
      "SELECT COALESCE(severity, '') AS severity, COUNT(*) AS n FROM alerts WHERE status = 'firing' GROUP BY 1"
    ).all();
    return new Map(rows.map((row) => [String(row.severity), Number(row.n)]));
  }

  #apply(n: AlertNotification, receivedAt: number, changes: AlertChange[]): UpsertOutcome {
    const id = occurrenceId(n.fingerprint, n.startsAt);
    // Only the columns that decide what happens: the whole row (JSON labels and annotations) is read only when a
    // change needs it as `previous`, and the stored result is built here rather than read back, so a storm of new
    // alerts costs one index lookup and one insert each.
    const head = this.#statement('SELECT status, resolved_by FROM alerts WHERE id = ?').get(id);
    // Resolved alerts carry their end; clamp nonsense (an end before the start) to the start.
    const endsAt = Math.max(n.startsAt, n.endsAt ?? receivedAt);

    if (!head) {
      const siblings = this.#statement(
        "SELECT id, starts_at, status FROM alerts WHERE fingerprint = ? AND (starts_at > ? OR status = 'firing') ORDER BY starts_at"
      ).all(n.fingerprint, n.startsAt);
      const later = siblings.filter((row) => Number(row.starts_at) > n.startsAt).map((row) => Number(row.starts_at));
      if (later.length > 0) {
        // A late notification about an occurrence that a newer one has already replaced: keep it as history only.
        const resolved =
          n.status === 'resolved'
            ? { endsAt, resolvedBy: 'alertmanager' as const }
            : { endsAt: Math.min(...later), resolvedBy: 'superseded' as const };
        this.#insert(id, n, receivedAt, resolved);
        return 'stale';
      }
      // Alertmanager holds at most one active alert per fingerprint, so a newer occurrence means older ones still
      // open here have ended (their resolve never arrived): close them, ending no later than the new one started.
      for (const row of siblings) {
        const previous = this.get(String(row.id))!;
        this.#statement(
          "UPDATE alerts SET status = 'resolved', resolved_by = 'superseded', ends_at = ? WHERE id = ?"
        ).run(n.startsAt, previous.id);
        const alert: StoredAlert = { ...previous, status: 'resolved', resolvedBy: 'superseded', endsAt: n.startsAt };
        changes.push({ kind: 'resolved', alert, previous });
      }
      const resolved = n.status === 'resolved' ? { endsAt, resolvedBy: 'alertmanager' as const } : null;
      const alert = this.#insert(id, n, receivedAt, resolved);
      changes.push({ kind: n.status === 'firing' ? 'opened' : 'resolved', alert, previous: null });
      return n.status === 'firing' ? 'opened' : 'resolved';
    }

    const latest = {
      receiver: n.receiver,
      groupKey: n.groupKey,
      externalURL: n.externalURL,
      lastReceivedAt: receivedAt,
    };
    if (head.status === 'firing') {
      const previous = this.get(id)!;
      if (n.status === 'firing') {
        this.#statement(
          `UPDATE alerts SET annotations = ?, generator_url = ?, receiver = ?, group_key = ?, external_url = ?,
             last_received_at = ?, received_count = received_count + 1 WHERE id = ?`
        ).run(JSON.stringify(n.annotations), n.generatorURL, n.receiver, n.groupKey, n.externalURL, receivedAt, id);
        const alert: StoredAlert = {
          ...previous,
          ...latest,
          annotations: { ...n.annotations },
          generatorURL: n.generatorURL,
          receivedCount: previous.receivedCount + 1,
        };
        changes.push({ kind: 'updated', alert, previous });
        return 'updated';
      }
      this.#statement(
        `UPDATE alerts SET status = 'resolved', resolved_by = 'alertmanager', ends_at = ?, receiver = ?, group_key = ?,
           external_url = ?, last_received_at = ?, received_count = received_count + 1 WHERE id = ?`
      ).run(endsAt, n.receiver, n.groupKey, n.externalURL, receivedAt, id);
      const alert: StoredAlert = {
        ...previous,
        ...latest,
        status: 'resolved',
        resolvedBy: 'alertmanager',
        endsAt,
        receivedCount: previous.receivedCount + 1,
      };
      changes.push({ kind: 'resolved', alert, previous });
      return 'resolved';
    }

    // Already closed. A firing notification now is an out-of-order delivery (sent before the resolve): it never
    // reopens the alert. A re-sent resolve is a duplicate; if the close was only inferred (superseded), Alertmanager's
    // end replaces the inferred one.
    this.#statement('UPDATE alerts SET last_received_at = ?, received_count = received_count + 1 WHERE id = ?').run(
      receivedAt,
      id
    );
    if (n.status === 'firing') {
      return 'stale';
    }
    if (head.resolved_by === 'superseded') {
      this.#statement("UPDATE alerts SET resolved_by = 'alertmanager', ends_at = ? WHERE id = ?").run(endsAt, id);
    }
    return 'duplicate';
  }

  /** Inserts a new occurrence and returns it as stored. */
  #insert(
    id: string,
    n: AlertNotification,
    receivedAt: number,
    resolved: { endsAt: number; resolvedBy: 'alertmanager' | 'superseded' } | null
  ): StoredAlert {
    this.#statement(
      `INSERT INTO alerts (id, fingerprint, starts_at, ends_at, status, resolved_by, alertname, severity, namespace,
         labels, annotations, generator_url, receiver, group_key, external_url, first_received_at, last_received_at,
         received_count)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`
    ).run(
      id,
      n.fingerprint,
      n.startsAt,
      resolved?.endsAt ?? null,
      resolved ? 'resolved' : 'firing',
      resolved?.resolvedBy ?? null,
      n.labels.alertname ?? null,
      n.labels.severity ?? null,
      n.labels.namespace ?? null,
      JSON.stringify(n.labels),
      JSON.stringify(n.annotations),
      n.generatorURL,
      n.receiver,
      n.groupKey,
      n.externalURL,
      receivedAt,
      receivedAt
    );
    return {
      id,
      fingerprint: n.fingerprint,
      status: resolved ? 'resolved' : 'firing',
      resolvedBy: resolved?.resolvedBy ?? null,
      alertname: n.labels.alertname ?? null,
      severity: n.labels.severity ?? null,
      namespace: n.labels.namespace ?? null,
      labels: { ...n.labels },
      annotations: { ...n.annotations },
      startsAt: n.startsAt,
      endsAt: resolved?.endsAt ?? null,
      generatorURL: n.generatorURL,
      receiver: n.receiver,
      groupKey: n.groupKey,
      externalURL: n.externalURL,
      firstReceivedAt: receivedAt,
      lastReceivedAt: receivedAt,
      receivedCount: 1,
    };
  }

  #statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#database.db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  #toAlert(row: Row): StoredAlert {
    const text = (value: SQLInputValue) => (value === null || value === undefined ? null : String(value));
    const time = (value: SQLInputValue) => (value === null || value === undefined ? null : Number(value));
    return {
      id: String(row.id),
      fingerprint: String(row.fingerprint),
      status: row.status === 'firing' ? 'firing' : 'resolved',
      resolvedBy: row.resolved_by === 'alertmanager' || row.resolved_by === 'superseded' ? row.resolved_by : null,
      alertname: text(row.alertname),
      severity: text(row.severity),
      namespace: text(row.namespace),
      labels: this.#labels(row.labels, row.id, 'labels'),
      annotations: this.#labels(row.annotations, row.id, 'annotations'),
      startsAt: Number(row.starts_at),
      endsAt: time(row.ends_at),
      generatorURL: text(row.generator_url),
      receiver: String(row.receiver),
      groupKey: String(row.group_key),
      externalURL: String(row.external_url),
      firstReceivedAt: Number(row.first_received_at),
      lastReceivedAt: Number(row.last_received_at),
      receivedCount: Number(row.received_count),
    };
  }

  // A damaged column costs that alert its labels, not the whole list.
  #labels(value: SQLInputValue, id: SQLInputValue, column: string): Labels {
    try {
      const parsed: unknown = JSON.parse(String(value));
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
        return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
      }
    } catch {
      // reported below
    }
    this.#database.log.warn({ table: 'alerts', id, column }, 'stored alert column is not a JSON object');
    return {};
  }
}
