// Demo mode's Alertmanager: delivers the simulated cluster's alerts (sources/simulator/simulated-alerts.ts) to the
// same receiver the real webhook feeds, as version-4 notifications, when they start and when they end. Alerts that
// started before the demo did are delivered at once (those already over as a firing then a resolved notification),
// so the demo opens with the incidents a real setup would have by then.
import type { SimulatedAlert } from '../sources/simulator/simulated-alerts.ts';
import type { AlertReceiver } from './alert-receiver.ts';
import type { WebhookPayload } from './webhook-payload.ts';

const ZERO_TIME = '0001-01-01T00:00:00Z';

export interface SimulatedAlertmanagerOptions {
  alerts: readonly SimulatedAlert[];
  receiver: Pick<AlertReceiver, 'receive'>;
  clock?: () => number;
  /** How often due alerts are delivered; default 15 s (Alertmanager's group_wait is of that order). */
  intervalMs?: number;
  /** Alerts that ended longer ago than this before the first delivery are left out (history the demo skips). */
  historyMs?: number;
}

function notification(alert: SimulatedAlert, status: 'firing' | 'resolved'): WebhookPayload {
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
        endsAt: status === 'resolved' && alert.endsAt !== null ? new Date(alert.endsAt).toISOString() : ZERO_TIME,
        generatorURL: alert.generatorURL,
        fingerprint: alert.fingerprint,
      },
    ],
  };
}

export class SimulatedAlertmanager {
  readonly #options: SimulatedAlertmanagerOptions;
  readonly #clock: () => number;
  readonly #fired = new Set<SimulatedAlert>();
  readonly #resolved = new Set<SimulatedAlert>();
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

  /** Sends every start and end that is due and not yet sent; returns how many notifications went out. */
  deliverDue(): number {
    const now = this.#clock();
    const historyStart = this.#firstDelivery ? now - (this.#options.historyMs ?? 6 * 3_600_000) : -Infinity;
    this.#firstDelivery = false;
    let sent = 0;
    for (const alert of this.#options.alerts) {
      if (alert.startsAt > now || this.#resolved.has(alert)) {
        continue;
      }
      const ended = alert.endsAt !== null && alert.endsAt <= now;
      if (ended && alert.endsAt! < historyStart) {
        this.#resolved.add(alert);
        continue;
      }
      if (!this.#fired.has(alert)) {
        this.#options.receiver.receive(notification(alert, 'firing'));
        this.#fired.add(alert);
        sent++;
      }
      if (ended) {
        this.#options.receiver.receive(notification(alert, 'resolved'));
        this.#resolved.add(alert);
        sent++;
      }
    }
    return sent;
  }
}
