// Demo mode's Alertmanager: delivers the simulated cluster's alerts (sources/simulator/simulated-alerts.ts) to the
// same receiver the real webhook feeds, as version-4 notifications, when they start and when they end. Alerts that
// started before the demo did are delivered at once (those already over as a firing then a resolved notification),
// so the demo opens with the incidents a real setup would have by then.
//
// The alert list is read again at every delivery, because remediation actions change it (a restart ends a pod's
// alerts): an occurrence whose end moves earlier is sent resolved then, and one that disappears after it was sent
// firing is sent resolved at once, like Alertmanager resolving an alert Prometheus stopped sending.
//
// Silences work like Alertmanager's: while one is active, matching alerts are not delivered firing; they are when it
// ends if they still fire. An alert already delivered firing is still delivered resolved (so the receiver does not
// keep a stale firing alert), and one that started and ended while silenced is never delivered.
import { createHash } from 'node:crypto';
import type { SimulatedAlert } from '../sources/simulator/simulated-alerts.ts';
import type { AlertReceiver } from './alert-receiver.ts';
import type { WebhookPayload } from './webhook-payload.ts';

const ZERO_TIME = '0001-01-01T00:00:00Z';

export interface SimulatedAlertmanagerOptions {
  /** The alert occurrences, or a function giving the current list (read at every delivery). */
  alerts: readonly SimulatedAlert[] | (() => readonly SimulatedAlert[]);
  receiver: Pick<AlertReceiver, 'receive'>;
  clock?: () => number;
  /** How often due alerts are delivered; default 15 s (Alertmanager's group_wait is of that order). */
  intervalMs?: number;
  /** Alerts that ended longer ago than this before the first delivery are left out (history the demo skips). */
  historyMs?: number;
}

/** Alertmanager API v2's matcher: equality (or a regular expression), negated when isEqual is false. */
export interface SilenceMatcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

export interface SilenceInput {
  matchers: SilenceMatcher[];
  startsAt: number;
  endsAt: number;
  comment: string;
  createdBy: string;
}

export interface Silence extends SilenceInput {
  id: string;
  createdAt: number;
}

export type SilenceState = 'pending' | 'active' | 'expired';

function notification(alert: SimulatedAlert, status: 'firing' | 'resolved', endsAt: number | null): WebhookPayload {
  const { alertname = 'alert' } = alert.labels;
  return {
    version: '4',
    groupKey: `{}/{severity="${alert.labels.severity ?? ''}"}:{alertname="${alertname}"}`,
    status,
    receiver: 'prophet-aiops',
    groupLabels: { alertname },
    commonLabels: alert.labels,
    commonAnnotations: alert.annotations,
    externalURL: 'http://alertmanager.simulated:9093',
    truncatedAlerts: 0,
    alerts: [
      {
        status,
        labels: alert.labels,
        annotations: alert.annotations,
        startsAt: new Date(alert.startsAt).toISOString(),
        endsAt: status === 'resolved' && endsAt !== null ? new Date(endsAt).toISOString() : ZERO_TIME,
        generatorURL: alert.generatorURL,
        fingerprint: alert.fingerprint,
      },
    ],
  };
}

/** One occurrence: the same alert (fingerprint) can fire again later. */
const occurrenceKey = (alert: SimulatedAlert) => `${alert.fingerprint}@${alert.startsAt}`;

export function silenceState(silence: Silence, now: number): SilenceState {
  return now < silence.startsAt ? 'pending' : now < silence.endsAt ? 'active' : 'expired';
}

export function silenceMatches(silence: Pick<Silence, 'matchers'>, labels: Record<string, string>): boolean {
  return silence.matchers.every((m) => {
    const value = labels[m.name] ?? '';
    const equal = m.isRegex ? new RegExp(`^(?:${m.value})$`).test(value) : value === m.value;
    return equal === m.isEqual;
  });
}

export class SimulatedAlertmanager {
  readonly #options: SimulatedAlertmanagerOptions;
  readonly #clock: () => number;
  /** Occurrences sent firing and not yet resolved, by key (the alert as it was sent). */
  readonly #firing = new Map<string, SimulatedAlert>();
  /** Occurrences done with: sent resolved, skipped as old history, or over while silenced. */
  readonly #done = new Set<string>();
  readonly #silences: Silence[] = [];
  #timer: NodeJS.Timeout | null = null;
  #firstDelivery = true;

  constructor(options: SimulatedAlertmanagerOptions) {
    this.#options = options;
    this.#clock = options.clock ?? Date.now;
  }

  start(): void {
    this.deliverDue();
    this.#timer = setInterval(() => this.deliverDue(), this.#options.intervalMs ?? 15_000);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) {
      clearInterval(this.#timer);
    }
    this.#timer = null;
  }

  /** The current alert occurrences (every one over the simulation, past and future). */
  alerts(): readonly SimulatedAlert[] {
    const { alerts } = this.#options;
    return typeof alerts === 'function' ? alerts() : alerts;
  }

  /** Occurrences firing at `now` (started, not ended), silenced or not. */
  firing(now = this.#clock()): SimulatedAlert[] {
    return this.alerts().filter((a) => a.startsAt <= now && (a.endsAt === null || a.endsAt > now));
  }

  /** Sends every start and end that is due and not yet sent; returns how many notifications went out. */
  deliverDue(): number {
    const now = this.#clock();
    const historyStart = this.#firstDelivery ? now - (this.#options.historyMs ?? 6 * 3_600_000) : -Infinity;
    this.#firstDelivery = false;
    let sent = 0;
    const listed = new Set<string>();
    for (const alert of this.alerts()) {
      const key = occurrenceKey(alert);
      listed.add(key);
      if (alert.startsAt > now || this.#done.has(key)) {
        continue;
      }
      const ended = alert.endsAt !== null && alert.endsAt <= now;
      if (ended && alert.endsAt! < historyStart) {
        this.#done.add(key);
        continue;
      }
      if (!this.#firing.has(key)) {
        if (this.silencedBy(alert.labels, now)) {
          if (ended) {
            this.#done.add(key);
          }
          continue;
        }
        this.#options.receiver.receive(notification(alert, 'firing', null));
        this.#firing.set(key, alert);
        sent++;
      }
      if (ended) {
        this.#options.receiver.receive(notification(alert, 'resolved', alert.endsAt));
        this.#firing.delete(key);
        this.#done.add(key);
        sent++;
      }
    }
    for (const [key, alert] of this.#firing) {
      if (!listed.has(key)) {
        this.#options.receiver.receive(notification(alert, 'resolved', now));
        this.#firing.delete(key);
        this.#done.add(key);
        sent++;
      }
    }
    return sent;
  }

  /** Creates a silence (Alertmanager's POST /api/v2/silences); rejects one that could never match or never end. */
  addSilence(input: SilenceInput): Silence {
    if (!Number.isFinite(input.startsAt) || !Number.isFinite(input.endsAt) || input.endsAt <= input.startsAt) {
      throw new Error('a silence must end after it starts (startsAt and endsAt in epoch ms)');
    }
    if (input.matchers.length === 0) {
      throw new Error('a silence needs at least one matcher');
    }
    for (const m of input.matchers) {
      if (!m.name) {
        throw new Error('every silence matcher needs a label name');
      }
      if (m.isRegex) {
        try {
          new RegExp(m.value);
        } catch (error) {
          throw new Error(
            `silence matcher ${m.name}=~"${m.value}" is not a valid regular expression: ${(error as Error).message}`
          );
        }
      }
    }
    const createdAt = this.#clock();
    const id = createHash('sha256')
      .update(`${this.#silences.length}/${createdAt}/${JSON.stringify(input)}`)
      .digest('hex')
      .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/, '$1-$2-$3-$4-$5');
    const silence: Silence = { ...structuredClone(input), id, createdAt };
    this.#silences.push(silence);
    return silence;
  }

  /** Every silence, in creation order (Alertmanager keeps expired ones for a while too). */
  silences(): Silence[] {
    return this.#silences.map((s) => structuredClone(s));
  }

  /** Ends a silence now (Alertmanager's DELETE /api/v2/silence/{id}); false when there is no such silence. */
  expireSilence(id: string): boolean {
    const silence = this.#silences.find((s) => s.id === id);
    if (!silence) {
      return false;
    }
    const now = this.#clock();
    const state = silenceState(silence, now);
    if (state === 'pending') {
      silence.startsAt = now;
    }
    if (state !== 'expired') {
      silence.endsAt = now;
    }
    return true;
  }

  /** The active silence muting these labels at `now`, or null. */
  silencedBy(labels: Record<string, string>, now = this.#clock()): Silence | null {
    return this.#silences.find((s) => silenceState(s, now) === 'active' && silenceMatches(s, labels)) ?? null;
  }
}
