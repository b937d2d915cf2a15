// List, then watch from the list's resourceVersion, for as long as it runs — the informer pattern, written for
// the guarantees the findings need:
// - a watch that ends (server timeout, client inactivity timeout, connection closed) resumes from the last
//   resourceVersion seen, so nothing is lost and nothing is replayed;
// - 410 Gone (an HTTP 410, or an ERROR event with code 410: the resourceVersion is too old) relists, and the relist
//   is reconciled against what the loop already holds: objects no longer listed are reported deleted, changed ones
//   modified, unchanged ones not at all;
// - any other failure (list or watch) is retried with exponential backoff, and reported in the health;
// - stop() aborts the request under way, cuts a backoff short, and resolves once nothing more will be emitted.
// The transport (the real API through @kubernetes/client-node, or a test's) only lists and opens one watch.
import type { Logger } from '../../forecasts/logger.ts';
import { describeRaw, type Converted } from './objects.ts';
import type { ResourceWatch, WatchEvent, WatchListener } from './types.ts';

export interface ListResult {
  items: unknown[];
  resourceVersion: string;
}

export interface WatchHandle {
  /** Whether the server accepted the watch (false when it answered with an error, which `ended` then holds). */
  connected: boolean;
  /** Ends the watch; `ended` then settles. */
  abort(): void;
  /** Settles when the watch ends: with null (closed normally) or the error that ended it. */
  ended: Promise<unknown>;
}

export interface ResourceTransport {
  /** For log lines, e.g. "results.core.k8sgpt.ai in all namespaces". */
  readonly description: string;
  /** Every object (following pages) and the list's resourceVersion. */
  list(signal: AbortSignal): Promise<ListResult>;
  /** Open a watch from `resourceVersion`; `onEvent` gets each event's type (ADDED, …, ERROR) and object. */
  watch(resourceVersion: string, onEvent: (type: string, object: unknown) => void): Promise<WatchHandle>;
}

export interface Backoff {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 1_000, maxMs: 30_000 };

export interface ListWatchOptions<T> {
  transport: ResourceTransport;
  convert(raw: unknown): Converted<T>;
  key(object: T): string;
  resourceVersion(object: T): string | undefined;
  listener: WatchListener<T>;
  logger: Logger;
  backoff?: Backoff;
  /** Called after each list or watch outcome, for the source's health. */
  onOutcome?(outcome: { ok: true } | { ok: false; error: string }): void;
  /** A watch that ends sooner than this without delivering an event counts as a failure (no hot reconnect loop). */
  minWatchMs?: number;
  clock?: () => number;
}

type WatchOutcome = { kind: 'ended' } | { kind: 'expired' } | { kind: 'failed'; error: string };

/** The HTTP status of an error from the client (Watch sets statusCode, the generated API sets code). */
export function statusOf(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) {
    return null;
  }
  const record = error as { statusCode?: unknown; code?: unknown };
  if (typeof record.statusCode === 'number') {
    return record.statusCode;
  }
  return typeof record.code === 'number' ? record.code : null;
}

export function errorText(error: unknown): string {
  const status = statusOf(error);
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return status !== null && !message.includes(String(status)) ? `HTTP ${status}: ${message}` : message;
}

const isTimeout = (error: unknown) => error instanceof Error && error.name === 'TimeoutError';

/**
 * Make `cache` hold exactly `listed` (both keyed by object key) and return what that changed: deleted for the held
 * objects not listed, added for the new ones, modified for those whose resourceVersion differs. Unchanged objects
 * give nothing, so relisting the same objects reports nothing.
 */
export function reconcileInto<T>(
  cache: Map<string, T>,
  listed: Map<string, T>,
  sameVersion: (a: T, b: T) => boolean
): Array<WatchEvent<T>> {
  const events: Array<WatchEvent<T>> = [];
  for (const [key, held] of [...cache]) {
    if (!listed.has(key)) {
      cache.delete(key);
      events.push({ type: 'deleted', object: held });
    }
  }
  for (const [key, object] of listed) {
    const held = cache.get(key);
    cache.set(key, object);
    if (held === undefined) {
      events.push({ type: 'added', object });
    } else if (!sameVersion(held, object)) {
      events.push({ type: 'modified', object, previous: held });
    }
  }
  return events;
}

export class ListWatchLoop<T> implements ResourceWatch {
  readonly synced: Promise<void>;
  readonly #options: ListWatchOptions<T>;
  readonly #backoff: Backoff;
  readonly #clock: () => number;
  readonly #cache = new Map<string, T>();
  #resourceVersion = '';
  #stopped = false;
  #failures = 0;
  #listAbort: AbortController | null = null;
  #watch: WatchHandle | null = null;
  #wake: (() => void) | null = null;
  #resolveSynced!: () => void;
  #loop: Promise<void> | null = null;

  constructor(options: ListWatchOptions<T>) {
    this.#options = options;
    this.#backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.#clock = options.clock ?? Date.now;
    this.synced = new Promise((resolve) => {
      this.#resolveSynced = resolve;
    });
  }

  start(): this {
    this.#loop ??= this.#run();
    return this;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#listAbort?.abort();
    this.#watch?.abort();
    this.#wake?.();
    await this.#loop;
  }

  /** The objects held now (what the last list and the watch since then say exists). */
  objects(): T[] {
    return [...this.#cache.values()];
  }

  async #run(): Promise<void> {
    const { transport, logger } = this.#options;
    while (!this.#stopped) {
      if (this.#resourceVersion === '') {
        const listed = await this.#list();
        if (this.#stopped) {
          break;
        }
        if (!listed) {
          await this.#sleep();
          continue;
        }
      }
      const outcome = await this.#watchOnce();
      if (this.#stopped) {
        break;
      }
      if (outcome.kind === 'expired') {
        logger.info({ resource: transport.description }, 'kubernetes watch expired (410 Gone): relisting');
        this.#resourceVersion = '';
      } else if (outcome.kind === 'failed') {
        this.#failures++;
        const delayMs = this.#delayMs();
        logger.warn(
          { resource: transport.description, err: outcome.error, retryInMs: delayMs },
          'kubernetes watch failed'
        );
        this.#options.onOutcome?.({ ok: false, error: outcome.error });
        await this.#sleep();
      }
    }
  }

  async #list(): Promise<boolean> {
    const { transport, logger } = this.#options;
    this.#listAbort = new AbortController();
    try {
      const list = await transport.list(this.#listAbort.signal);
      if (this.#stopped) {
        return false;
      }
      this.#reconcile(list.items);
      this.#resourceVersion = list.resourceVersion;
      this.#failures = 0;
      this.#options.onOutcome?.({ ok: true });
      this.#resolveSynced();
      return true;
    } catch (error) {
      if (this.#stopped) {
        return false;
      }
      this.#failures++;
      const text = errorText(error);
      logger.warn({ resource: transport.description, err: text, retryInMs: this.#delayMs() }, 'kubernetes list failed');
      this.#options.onOutcome?.({ ok: false, error: text });
      return false;
    } finally {
      this.#listAbort = null;
    }
  }

  async #watchOnce(): Promise<WatchOutcome> {
    const { transport } = this.#options;
    const startedAt = this.#clock();
    let expired = false;
    let failure: string | null = null;
    let events = 0;
    let handle: WatchHandle | null = null;
    try {
      handle = await transport.watch(this.#resourceVersion, (type, raw) => {
        if (this.#stopped || expired || failure !== null) {
          return;
        }
        if (type === 'ERROR') {
          const status = raw as { code?: unknown; message?: unknown };
          if (status?.code === 410) {
            expired = true;
          } else {
            failure = `watch ERROR event: ${typeof status?.message === 'string' ? status.message : JSON.stringify(raw)}`;
          }
          handle?.abort();
          return;
        }
        events++;
        this.#onWatchEvent(type, raw);
      });
    } catch (error) {
      return statusOf(error) === 410 ? { kind: 'expired' } : { kind: 'failed', error: errorText(error) };
    }
    this.#watch = handle;
    if (this.#stopped || expired || failure !== null) {
      handle.abort();
    } else if (handle.connected) {
      this.#options.onOutcome?.({ ok: true });
    }
    const error = await handle.ended;
    this.#watch = null;
    if (expired || statusOf(error) === 410) {
      return { kind: 'expired' };
    }
    if (failure !== null) {
      return { kind: 'failed', error: failure };
    }
    if (error && !isTimeout(error) && !this.#stopped) {
      return { kind: 'failed', error: errorText(error) };
    }
    if (events === 0 && !isTimeout(error) && this.#clock() - startedAt < (this.#options.minWatchMs ?? 1_000)) {
      return { kind: 'failed', error: 'the watch closed at once without an event' };
    }
    if (events > 0) {
      this.#failures = 0;
    }
    this.#options.onOutcome?.({ ok: true });
    return { kind: 'ended' };
  }

  #onWatchEvent(type: string, raw: unknown): void {
    const version = (raw as { metadata?: { resourceVersion?: unknown } })?.metadata?.resourceVersion;
    if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') {
      const converted = this.#options.convert(raw);
      if (!converted.ok) {
        this.#skip(converted);
        // An object that can no longer be read counts as gone, as it would in a relist.
        const key = describeRaw(raw);
        const held = this.#cache.get(key);
        if (held !== undefined) {
          this.#cache.delete(key);
          this.#emit({ type: 'deleted', object: held });
        }
      } else {
        const object = converted.object;
        const key = this.#options.key(object);
        const held = this.#cache.get(key);
        if (type === 'DELETED') {
          if (held !== undefined) {
            this.#cache.delete(key);
            this.#emit({ type: 'deleted', object });
          }
        } else if (held === undefined) {
          this.#cache.set(key, object);
          this.#emit({ type: 'added', object });
        } else if (!this.#sameVersion(held, object)) {
          this.#cache.set(key, object);
          this.#emit({ type: 'modified', object, previous: held });
        }
      }
    } else if (type !== 'BOOKMARK') {
      return;
    }
    if (typeof version === 'string' && version !== '') {
      this.#resourceVersion = version;
    }
  }

  /** Bring the cache to exactly the listed objects, reporting only the differences, then `synced`. */
  #reconcile(items: unknown[]): void {
    const listed = new Map<string, T>();
    for (const raw of items) {
      const converted = this.#options.convert(raw);
      if (!converted.ok) {
        this.#skip(converted);
        continue;
      }
      listed.set(this.#options.key(converted.object), converted.object);
    }
    for (const event of reconcileInto(this.#cache, listed, (a, b) => this.#sameVersion(a, b))) {
      this.#emit(event);
    }
    this.#emit({ type: 'synced', objects: [...listed.values()] });
  }

  #sameVersion(a: T, b: T): boolean {
    const va = this.#options.resourceVersion(a);
    return va !== undefined && va === this.#options.resourceVersion(b);
  }

  #skip(converted: { reason: string; name: string }): void {
    this.#options.logger.warn(
      { resource: this.#options.transport.description, object: converted.name, reason: converted.reason },
      `skipping unreadable kubernetes object ${converted.name}: ${converted.reason}`
    );
  }

  #emit(event: WatchEvent<T>): void {
    try {
      this.#options.listener(event);
    } catch (error) {
      this.#options.logger.error(
        { resource: this.#options.transport.description, err: errorText(error) },
        'kubernetes watch listener failed'
      );
    }
  }

  #delayMs(): number {
    const { initialMs, maxMs } = this.#backoff;
    return Math.min(maxMs, initialMs * 2 ** Math.max(0, this.#failures - 1));
  }

  #sleep(): Promise<void> {
    const delayMs = this.#delayMs();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = null;
        resolve();
      };
      const timer = setTimeout(done, delayMs);
      timer.unref();
      this.#wake = done;
    });
  }
}
