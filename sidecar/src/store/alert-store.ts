// Persistence of the alerts Alertmanager sends to the webhook: one record per occurrence (fingerprint + startsAt),
// re-sent notifications folded into it, closed by the resolved notification.
import type { AlertDetail, AlertStatus, Labels } from '../api/contract.ts';

/** One alert of a webhook notification, as the store takes it (times in epoch ms). */
export interface AlertNotification {
  fingerprint: string;
  status: AlertStatus;
  labels: Labels;
  annotations: Labels;
  startsAt: number;
  /** Set on resolved alerts; null when Alertmanager sent none (the zero time) or the alert is firing. */
  endsAt: number | null;
  generatorURL: string | null;
  receiver: string;
  groupKey: string;
  externalURL: string;
}

/** A stored occurrence: the REST detail without the list of sibling occurrences. */
export type StoredAlert = Omit<AlertDetail, 'occurrences'>;

/**
 * What a notification did to one stored alert:
 *   opened     a new occurrence, firing
 *   updated    a re-sent firing alert that was open (lastReceivedAt, receivedCount, annotations refreshed)
 *   resolved   an open alert closed (or an unknown one recorded as already resolved)
 *   duplicate  a re-sent resolve of an alert already closed
 *   stale      a notification about an occurrence already closed or superseded by a newer one (out-of-order
 *              delivery): recorded, never reopened
 */
export type UpsertOutcome = 'opened' | 'updated' | 'resolved' | 'duplicate' | 'stale';

/** A change of a stored alert that others (incidents) react to. */
export interface AlertChange {
  kind: 'opened' | 'updated' | 'resolved';
  /** The alert after the change. */
  alert: StoredAlert;
  /** Before the change; null when the occurrence was not stored yet. */
  previous: StoredAlert | null;
}

export interface UpsertResult {
  /** One per notification, in order. */
  outcomes: UpsertOutcome[];
  /** In the order they happened; older occurrences superseded by a new one come before its "opened". */
  changes: AlertChange[];
}

export interface AlertQuery {
  status?: AlertStatus;
  /** Exact label values. */
  severity?: string;
  namespace?: string;
  alertname?: string;
  fingerprint?: string;
  /** Only alerts active at some time since then (still firing, or ended at or after it); epoch ms. */
  since?: number;
  /** At most this many (firing first, then the most recently started); default 500. */
  limit?: number;
}

export interface AlertStore {
  /**
   * Applies one webhook notification's alerts in one transaction: all of them are stored, or (on an error) none.
   * Alerts of the same occurrence are folded; a resolve closes what the firing opened.
   */
  upsertBatch(notifications: AlertNotification[], receivedAt: number): UpsertResult;
  list(query?: AlertQuery): { total: number; alerts: StoredAlert[] };
  get(id: string): StoredAlert | undefined;
  /** Every occurrence of a fingerprint, newest first. */
  byFingerprint(fingerprint: string): StoredAlert[];
  /** Firing alerts per severity label ("" for alerts without one). */
  firingBySeverity(): Map<string, number>;
}

/** The id of an occurrence: stable across re-sends, unique per fingerprint and start. */
export function occurrenceId(fingerprint: string, startsAt: number): string {
  return `${fingerprint}-${startsAt}`;
}
