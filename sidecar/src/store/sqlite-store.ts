// SQLite persistence of the latest results, so a restarted sidecar serves its last forecasts at once
// instead of an empty dashboard until every job has re-run. One row per forecast, the result as JSON:
// the API only ever reads whole results, so there is nothing to gain from normalising them.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { CapacityForecast, ForecastDetail } from '../api/contract.ts';
import type { ForecastStore } from './forecast-store.ts';

/** The part of a pino logger the store uses. */
export interface StoreLogger {
  warn(details: object, message: string): void;
}

// Append only: each entry upgrades the schema from version i to i + 1 and never changes once released.
const MIGRATIONS = [
  `CREATE TABLE forecasts (
     job TEXT NOT NULL,
     id TEXT NOT NULL,
     detail TEXT NOT NULL,
     updated_at INTEGER NOT NULL,
     PRIMARY KEY (job, id)
   );
   CREATE TABLE capacity (
     nodepool TEXT PRIMARY KEY,
     detail TEXT NOT NULL,
     updated_at INTEGER NOT NULL
   );`,
];

const stderrLogger: StoreLogger = {
  warn: (details, message) => process.stderr.write(`${JSON.stringify({ level: 'warn', msg: message, ...details })}\n`),
};

export class SqliteForecastStore implements ForecastStore {
  readonly #db: DatabaseSync;
  readonly #log: StoreLogger;

  /** Opens (creating if needed) the database at `path` (":memory:" for none) and migrates it. */
  constructor(path: string, logger: StoreLogger = stderrLogger) {
    this.#log = logger;
    if (path !== ':memory:') {mkdirSync(dirname(path), { recursive: true });}
    this.#db = new DatabaseSync(path);
    // WAL lets readers (a debugging sqlite3 shell, a backup) run while a job writes.
    this.#db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;');
    this.#migrate();
  }

  saveJobResults(job: string, results: ForecastDetail[]): void {
    this.#transaction(() => {
      this.#db.prepare('DELETE FROM forecasts WHERE job = ?').run(job);
      const insert = this.#db.prepare('INSERT INTO forecasts (job, id, detail, updated_at) VALUES (?, ?, ?, ?)');
      for (const result of results) {insert.run(job, result.id, JSON.stringify(result), result.updatedAt);}
    });
  }

  saveCapacity(results: CapacityForecast[]): void {
    this.#transaction(() => {
      this.#db.exec('DELETE FROM capacity');
      const insert = this.#db.prepare('INSERT INTO capacity (nodepool, detail, updated_at) VALUES (?, ?, ?)');
      for (const result of results) {insert.run(result.nodepool, JSON.stringify(result), result.updatedAt);}
    });
  }

  loadForecasts(): ForecastDetail[] {
    const rows = this.#db.prepare('SELECT job, id, detail FROM forecasts ORDER BY job, id').all();
    return rows.flatMap((row) =>
      this.#parse<ForecastDetail>(row.detail, { table: 'forecasts', job: row.job, id: row.id })
    );
  }

  loadCapacity(): CapacityForecast[] {
    const rows = this.#db.prepare('SELECT nodepool, detail FROM capacity ORDER BY nodepool').all();
    return rows.flatMap((row) =>
      this.#parse<CapacityForecast>(row.detail, { table: 'capacity', nodepool: row.nodepool })
    );
  }

  close(): void {
    if (this.#db.isOpen) {this.#db.close();}
  }

  // A damaged row costs one forecast until its job re-runs; failing the whole load would cost all of them.
  #parse<T>(detail: unknown, where: Record<string, unknown>): T[] {
    try {
      const value: unknown = JSON.parse(String(detail));
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {return [value as T];}
      this.#log.warn(where, 'skipping stored result that is not a JSON object');
    } catch (error) {
      this.#log.warn({ ...where, error: (error as Error).message }, 'skipping stored result with invalid JSON');
    }
    return [];
  }

  #migrate(): void {
    this.#db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const row = this.#db.prepare('SELECT version FROM schema_version').get();
    const current = row ? Number(row.version) : 0;
    if (current > MIGRATIONS.length) {
      throw new Error(
        `store schema version ${current} is newer than this sidecar supports (${MIGRATIONS.length}); upgrade the sidecar`
      );
    }
    if (current === MIGRATIONS.length) {return;}
    this.#transaction(() => {
      for (const migration of MIGRATIONS.slice(current)) {this.#db.exec(migration);}
      this.#db.exec('DELETE FROM schema_version');
      this.#db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(MIGRATIONS.length);
    });
  }

  #transaction(work: () => void): void {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      work();
      this.#db.exec('COMMIT');
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
  }
}

export const STORE_SCHEMA_VERSION = MIGRATIONS.length;
