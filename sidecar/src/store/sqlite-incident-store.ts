// Incidents in the sidecar's SQLite database, so a restarted sidecar still shows what happened and keeps
// folding new alerts into the incidents they belong to. Resolved incidents are kept for a retention period.
import type { Incident } from '../incidents/types.ts';
import type { IncidentStore } from '../incidents/incident-manager.ts';
import type { SqliteDatabase } from './sqlite-database.ts';

export class SqliteIncidentStore implements IncidentStore {
  readonly #database: SqliteDatabase;

  constructor(database: SqliteDatabase) {
    this.#database = database;
  }

  saveIncident(incident: Incident): void {
    this.#database.db
      .prepare(
        `INSERT INTO incidents (id, status, opened_at, updated_at, detail) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at, detail = excluded.detail`
      )
      .run(incident.id, incident.status, incident.openedAt, incident.updatedAt, JSON.stringify(incident));
  }

  /** Every stored incident; a damaged row is skipped with a warning rather than failing start-up. */
  loadIncidents(): Incident[] {
    const rows = this.#database.db.prepare('SELECT id, detail FROM incidents ORDER BY opened_at').all();
    return rows.flatMap((row) => {
      try {
        const value = JSON.parse(String(row.detail)) as Incident;
        if (value && typeof value === 'object' && value.id === row.id && Array.isArray(value.alerts)) {
          return [value];
        }
        this.#database.log.warn({ table: 'incidents', id: row.id }, 'skipping stored incident that is not an incident');
      } catch (error) {
        this.#database.log.warn(
          { table: 'incidents', id: row.id, error: (error as Error).message },
          'skipping stored incident with invalid JSON'
        );
      }
      return [];
    });
  }

  /** Deletes resolved incidents last updated before `before`; returns how many. */
  pruneResolved(before: number): number {
    const result = this.#database.db
      .prepare("DELETE FROM incidents WHERE status = 'resolved' AND updated_at < ?")
      .run(before);
    return Number(result.changes);
  }
}
