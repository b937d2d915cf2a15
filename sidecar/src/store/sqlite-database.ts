// The sidecar's SQLite database: opened once, migrated to the current schema, shared by the forecast and alert
// stores (one file, one schema version). node:sqlite is synchronous, so a transaction never interleaves with
// another piece of work on the same connection.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { MIGRATIONS } from './migrations.ts';

/** The part of a pino logger the store uses. */
export interface StoreLogger {
  warn(details: object, message: string): void;
}

export const stderrLogger: StoreLogger = {
  warn: (details, message) => process.stderr.write(`${JSON.stringify({ level: 'warn', msg: message, ...details })}\n`),
};

export class SqliteDatabase {
  readonly db: DatabaseSync;
  readonly log: StoreLogger;

  /** Opens (creating if needed) the database at `path` (":memory:" for none) and migrates it. */
  constructor(path: string, logger: StoreLogger = stderrLogger) {
    this.log = logger;
    if (path !== ':memory:') {
      mkdirSync(dirname(path), { recursive: true });
    }
    this.db = new DatabaseSync(path);
    try {
      // WAL lets readers (a debugging sqlite3 shell, a backup) run while a job writes.
      this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;');
      this.#migrate();
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  get isOpen(): boolean {
    return this.db.isOpen;
  }

  /** Runs `work` in one write transaction: all of it is committed, or none of it when it throws. */
  transaction<T>(work: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  close(): void {
    if (this.db.isOpen) {
      this.db.close();
    }
  }

  #migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const row = this.db.prepare('SELECT version FROM schema_version').get();
    const current = row ? Number(row.version) : 0;
    if (current > MIGRATIONS.length) {
      throw new Error(
        `store schema version ${current} is newer than this sidecar supports (${MIGRATIONS.length}); upgrade the sidecar`
      );
    }
    if (current === MIGRATIONS.length) {
      return;
    }
    this.transaction(() => {
      for (const migration of MIGRATIONS.slice(current)) {
        this.db.exec(migration);
      }
      this.db.exec('DELETE FROM schema_version');
      this.db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(MIGRATIONS.length);
    });
  }
}
