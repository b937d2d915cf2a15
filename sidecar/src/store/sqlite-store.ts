// SQLite persistence: one database file (SqliteDatabase: opening, migrations) holding the latest forecast results,
// so a restarted sidecar serves its last forecasts at once instead of an empty dashboard until every job has
// re-run, the alerts received from Alertmanager (SqliteAlertStore), incidents (SqliteIncidentStore) and remediation
// proposals with their audit log (SqliteRemediationStore).
//
// Forecasts: one row per forecast, the result as JSON: the API only ever reads whole results, so there is nothing
// to gain from normalising them.
import type { CapacityForecast, ForecastDetail } from '../api/contract.ts';
import type { ForecastStore } from './forecast-store.ts';
import { SqliteAlertStore } from './sqlite-alert-store.ts';
import { SqliteIncidentStore } from './sqlite-incident-store.ts';
import { SqliteRemediationStore } from './sqlite-remediation-store.ts';
import { SqliteDatabase, type StoreLogger } from './sqlite-database.ts';

export { STORE_SCHEMA_VERSION } from './migrations.ts';
export { SqliteDatabase, type StoreLogger } from './sqlite-database.ts';

/** The database and every store over it; closing it closes them all. */
export class SqliteStore {
  readonly database: SqliteDatabase;
  readonly forecasts: SqliteForecastStore;
  readonly alerts: SqliteAlertStore;
  readonly incidents: SqliteIncidentStore;
  readonly remediation: SqliteRemediationStore;

  /** Opens (creating if needed) the database at `path` (":memory:" for none) and migrates it. */
  constructor(path: string, logger?: StoreLogger) {
    this.database = new SqliteDatabase(path, logger);
    this.forecasts = new SqliteForecastStore(this.database);
    this.alerts = new SqliteAlertStore(this.database);
    this.incidents = new SqliteIncidentStore(this.database);
    this.remediation = new SqliteRemediationStore(this.database);
  }

  close(): void {
    this.database.close();
  }
}

export class SqliteForecastStore implements ForecastStore {
  readonly #database: SqliteDatabase;
  /** Whether close() closes the database (it was opened here from a path). */
  readonly #owned: boolean;

  /** Over an open database, or opens (and then owns) the database at a path (":memory:" for none). */
  constructor(database: SqliteDatabase | string, logger?: StoreLogger) {
    this.#owned = typeof database === 'string';
    this.#database = typeof database === 'string' ? new SqliteDatabase(database, logger) : database;
  }

  saveJobResults(job: string, results: ForecastDetail[]): void {
    const db = this.#database.db;
    this.#database.transaction(() => {
      db.prepare('DELETE FROM forecasts WHERE job = ?').run(job);
      const insert = db.prepare('INSERT INTO forecasts (job, id, detail, updated_at) VALUES (?, ?, ?, ?)');
      for (const result of results) {
        insert.run(job, result.id, JSON.stringify(result), result.updatedAt);
      }
    });
  }

  saveCapacity(results: CapacityForecast[]): void {
    const db = this.#database.db;
    this.#database.transaction(() => {
      db.exec('DELETE FROM capacity');
      const insert = db.prepare('INSERT INTO capacity (nodepool, detail, updated_at) VALUES (?, ?, ?)');
      for (const result of results) {
        insert.run(result.nodepool, JSON.stringify(result), result.updatedAt);
      }
    });
  }

  loadForecasts(): ForecastDetail[] {
    const rows = this.#database.db.prepare('SELECT job, id, detail FROM forecasts ORDER BY job, id').all();
    return rows.flatMap((row) =>
      this.#parse<ForecastDetail>(row.detail, { table: 'forecasts', job: row.job, id: row.id })
    );
  }

  loadCapacity(): CapacityForecast[] {
    const rows = this.#database.db.prepare('SELECT nodepool, detail FROM capacity ORDER BY nodepool').all();
    return rows.flatMap((row) =>
      this.#parse<CapacityForecast>(row.detail, { table: 'capacity', nodepool: row.nodepool })
    );
  }

  /** Closes the database when this store opened it; a shared database is closed by its owner (SqliteStore). */
  close(): void {
    if (this.#owned) {
      this.#database.close();
    }
  }

  // A damaged row costs one forecast until its job re-runs; failing the whole load would cost all of them.
  #parse<T>(detail: unknown, where: Record<string, unknown>): T[] {
    try {
      const value: unknown = JSON.parse(String(detail));
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        return [value as T];
      }
      this.#database.log.warn(where, 'skipping stored result that is not a JSON object');
    } catch (error) {
      this.#database.log.warn(
        { ...where, error: (error as Error).message },
        'skipping stored result with invalid JSON'
      );
    }
    return [];
  }
}
