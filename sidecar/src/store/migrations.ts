// The schema of the sidecar's one SQLite database (forecasts, capacity, alerts, incidents, remediation), as migrations.
// Append only: entry i upgrades the schema from version i to i + 1 and never changes once released, so a database
// written by any earlier sidecar opens in a later one with its data intact.
export const MIGRATIONS: readonly string[] = [
  // 1: the latest forecast results, one row per forecast and node pool, each result as JSON.
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
  // 2: alerts received from Alertmanager, one row per occurrence (fingerprint + startsAt). Times in epoch ms.
  // alertname, severity and namespace are copied out of the labels for filtering.
  `CREATE TABLE alerts (
     id TEXT PRIMARY KEY,
     fingerprint TEXT NOT NULL,
     starts_at INTEGER NOT NULL,
     ends_at INTEGER,
     status TEXT NOT NULL CHECK (status IN ('firing', 'resolved')),
     resolved_by TEXT CHECK (resolved_by IN ('alertmanager', 'superseded')),
     alertname TEXT,
     severity TEXT,
     namespace TEXT,
     labels TEXT NOT NULL,
     annotations TEXT NOT NULL,
     generator_url TEXT,
     receiver TEXT NOT NULL,
     group_key TEXT NOT NULL,
     external_url TEXT NOT NULL,
     first_received_at INTEGER NOT NULL,
     last_received_at INTEGER NOT NULL,
     received_count INTEGER NOT NULL,
     UNIQUE (fingerprint, starts_at)
   );
   CREATE INDEX alerts_by_status ON alerts (status, severity);
   CREATE INDEX alerts_by_namespace ON alerts (namespace);
   CREATE INDEX alerts_by_ends_at ON alerts (ends_at);`,
  // 3: incidents, one row each, the whole incident as JSON (the API serves it whole); status and times copied out
  // for listing and pruning.
  `CREATE TABLE incidents (
     id TEXT PRIMARY KEY,
     status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
     opened_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     detail TEXT NOT NULL
   );
   CREATE INDEX incidents_by_updated_at ON incidents (updated_at);`,
  // 4: remediation proposals, one row each, the whole proposal as JSON; state, version and the filter fields copied
  // out (version is the compare-and-set token of every transition). The audit log is append-only: triggers refuse
  // UPDATE and DELETE, and each row carries the sha256 chain (prev_hash, hash) over its detail (the entry without
  // seq and hash, as canonical JSON). AUTOINCREMENT so a seq is never reused.
  `CREATE TABLE remediation_proposals (
     id TEXT PRIMARY KEY,
     state TEXT NOT NULL CHECK (state IN ('proposed', 'approved', 'rejected', 'expired', 'executing', 'succeeded',
       'failed', 'verified', 'not-verified')),
     action TEXT NOT NULL,
     target TEXT NOT NULL,
     policy TEXT NOT NULL,
     incident_id TEXT,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     version INTEGER NOT NULL,
     detail TEXT NOT NULL
   );
   CREATE INDEX remediation_proposals_by_state ON remediation_proposals (state, created_at);
   CREATE INDEX remediation_proposals_by_target ON remediation_proposals (target, action, created_at);
   CREATE INDEX remediation_proposals_by_incident ON remediation_proposals (incident_id);
   CREATE TABLE remediation_audit (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     at INTEGER NOT NULL,
     event TEXT NOT NULL,
     proposal_id TEXT NOT NULL,
     action TEXT NOT NULL,
     target TEXT NOT NULL,
     actor_login TEXT NOT NULL,
     detail TEXT NOT NULL,
     prev_hash TEXT NOT NULL,
     hash TEXT NOT NULL
   );
   CREATE INDEX remediation_audit_by_proposal ON remediation_audit (proposal_id);
   CREATE INDEX remediation_audit_by_at ON remediation_audit (at);
   CREATE TRIGGER remediation_audit_no_update BEFORE UPDATE ON remediation_audit
   BEGIN SELECT RAISE(ABORT, 'remediation_audit is append-only'); END;
   CREATE TRIGGER remediation_audit_no_delete BEFORE DELETE ON remediation_audit
   BEGIN SELECT RAISE(ABORT, 'remediation_audit is append-only'); END;`,
];

export const STORE_SCHEMA_VERSION = MIGRATIONS.length;
