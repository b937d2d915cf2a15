// In-process fan-out of alert changes to whoever reacts to them (incidents). The webhook stores a notification
// first and publishes its changes after the transaction commits, so a listener reading the store sees them.
//
// Delivery: each listener gets every change, one at a time and in the order they happened, on its own queue, after
// the webhook has answered; a slow listener delays only itself. A listener that throws (or rejects) is logged and
// counted and keeps receiving later changes: it can never fail the webhook or starve another listener.
import type { AlertChange } from '../store/alert-store.ts';

export type { AlertChange } from '../store/alert-store.ts';

export interface AlertListener {
  /** Names the listener in logs and in prophet_alert_listener_failures_total. */
  readonly name: string;
  /** One change at a time, in order (used when onAlertChanges is absent). */
  onAlertChange(change: AlertChange): void | Promise<void>;
  /**
   * Optional: all changes of one webhook notification in one call (in order), for listeners that do better work per
   * batch (one incident rebuild for a storm of alerts). When present, onAlertChange is not called.
   */
  onAlertChanges?(changes: readonly AlertChange[]): void | Promise<void>;
}

export interface AlertEventsOptions {
  /** Told about every failure of a listener (logging, metrics). */
  onListenerError?: (listener: string, change: AlertChange, error: unknown) => void;
}

export class AlertEvents {
  readonly #queues = new Map<AlertListener, Promise<void>>();
  readonly #onListenerError: NonNullable<AlertEventsOptions['onListenerError']>;

  constructor(options: AlertEventsOptions = {}) {
    this.#onListenerError = options.onListenerError ?? (() => undefined);
  }

  /** Receives changes published from now on; returns the unsubscribe function. */
  subscribe(listener: AlertListener): () => void {
    if (!this.#queues.has(listener)) {
      this.#queues.set(listener, Promise.resolve());
    }
    return () => {
      this.#queues.delete(listener);
    };
  }

  get listenerCount(): number {
    return this.#queues.size;
  }

  /** Queues the changes for every listener; resolves once all of them have handled them (never rejects). */
  publish(changes: readonly AlertChange[]): Promise<void> {
    if (changes.length === 0 || this.#queues.size === 0) {
      return Promise.resolve();
    }
    const delivered: Array<Promise<void>> = [];
    for (const [listener, tail] of this.#queues) {
      const next = tail.then(() => this.#deliver(listener, changes));
      this.#queues.set(listener, next);
      delivered.push(next);
    }
    return Promise.all(delivered).then(() => undefined);
  }

  /** Resolves when every change published so far has been handled (tests; shutdown before closing the store). */
  async idle(): Promise<void> {
    await Promise.all(this.#queues.values());
  }

  async #deliver(listener: AlertListener, changes: readonly AlertChange[]): Promise<void> {
    if (listener.onAlertChanges) {
      if (this.#queues.has(listener)) {
        try {
          await listener.onAlertChanges(changes);
        } catch (error) {
          this.#report(listener, changes[0], error);
        }
      }
      return;
    }
    for (const change of changes) {
      if (!this.#queues.has(listener)) {
        return;
      }
      try {
        await listener.onAlertChange(change);
      } catch (error) {
        this.#report(listener, change, error);
      }
    }
  }

  #report(listener: AlertListener, change: AlertChange, error: unknown): void {
    try {
      this.#onListenerError(listener.name, change, error);
    } catch {
      // Reporting must not break delivery either.
    }
  }
}
