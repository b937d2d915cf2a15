// The lifecycle of findings: which exist now, and what changed. Listeners hear of each real change exactly once:
//   new     — a finding not held before (also one that disappeared earlier and is back: it is new again);
//   updated — a held finding whose problem changed (its contentHash: kind, name, parent, error texts). The AI
//             details, K8sGPT's lifecycle marker and the resourceVersion are refreshed silently;
//   gone    — deleted, or missing from a full relist (replaceAll), or replaced by another object of the same
//             namespace/name with a different uid (then the new one is reported new), or no longer readable.
// Identity is the Result's namespace/name (Finding.id); the uid tells a recreated object from the same one.
// A relist that returns the same findings notifies nobody.
import type { Logger } from '../forecasts/logger.ts';
import type { Finding, TrackedFinding } from './finding-types.ts';
import { compareSeverity } from './severity.ts';

export type { TrackedFinding };

export type GoneReason = 'deleted' | 'not-listed' | 'replaced' | 'unreadable';

export type FindingChange =
  | { type: 'new'; finding: TrackedFinding; at: number }
  | { type: 'updated'; finding: TrackedFinding; previous: TrackedFinding; at: number }
  | { type: 'gone'; finding: TrackedFinding; reason: GoneReason; at: number };

export type FindingsListener = (change: FindingChange) => void;

export interface FindingsTrackerOptions {
  clock?: () => number;
  /** Where a failing listener is reported (it never stops the others). */
  logger?: Logger;
}

export class FindingsTracker {
  readonly #held = new Map<string, TrackedFinding>();
  readonly #listeners = new Set<FindingsListener>();
  readonly #clock: () => number;
  readonly #logger: Logger | undefined;

  constructor(options: FindingsTrackerOptions = {}) {
    this.#clock = options.clock ?? Date.now;
    this.#logger = options.logger;
  }

  /** Hear every change from now on; returns the unsubscribe function. */
  subscribe(listener: FindingsListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A finding as it is now (from a watch event or a list). Returns the changes it caused (none, 1, or gone+new). */
  upsert(finding: Finding): FindingChange[] {
    const at = this.#clock();
    const held = this.#held.get(finding.id);
    if (held === undefined) {
      return [this.#add(finding, at)];
    }
    if (held.uid !== null && finding.uid !== null && held.uid !== finding.uid) {
      const gone = this.#drop(held, 'replaced', at);
      return [gone, this.#add(finding, at)];
    }
    if (held.contentHash !== finding.contentHash) {
      const next: TrackedFinding = { ...finding, firstSeen: held.firstSeen, updatedAt: at, lastSeen: at };
      this.#held.set(finding.id, next);
      return [this.#notify({ type: 'updated', finding: next, previous: held, at })];
    }
    this.#held.set(finding.id, { ...finding, firstSeen: held.firstSeen, updatedAt: held.updatedAt, lastSeen: at });
    return [];
  }

  /** The finding with this id no longer exists. */
  remove(id: string, reason: GoneReason = 'deleted'): FindingChange[] {
    const held = this.#held.get(id);
    return held === undefined ? [] : [this.#drop(held, reason, this.#clock())];
  }

  /** A complete list: whatever is held but not listed is gone; the listed ones are upserted. */
  replaceAll(findings: Iterable<Finding>): FindingChange[] {
    const listed = new Map<string, Finding>();
    for (const finding of findings) {
      listed.set(finding.id, finding);
    }
    const changes: FindingChange[] = [];
    const at = this.#clock();
    for (const held of [...this.#held.values()]) {
      if (!listed.has(held.id)) {
        changes.push(this.#drop(held, 'not-listed', at));
      }
    }
    for (const finding of listed.values()) {
      changes.push(...this.upsert(finding));
    }
    return changes;
  }

  get(id: string): TrackedFinding | undefined {
    return this.#held.get(id);
  }

  /** Every finding held now: most severe first, then the most recently changed, then by id. */
  list(): TrackedFinding[] {
    return [...this.#held.values()].sort(
      (a, b) => compareSeverity(a.severity, b.severity) || b.updatedAt - a.updatedAt || a.id.localeCompare(b.id)
    );
  }

  get size(): number {
    return this.#held.size;
  }

  #add(finding: Finding, at: number): FindingChange {
    const tracked: TrackedFinding = { ...finding, firstSeen: at, updatedAt: at, lastSeen: at };
    this.#held.set(finding.id, tracked);
    return this.#notify({ type: 'new', finding: tracked, at });
  }

  #drop(held: TrackedFinding, reason: GoneReason, at: number): FindingChange {
    this.#held.delete(held.id);
    return this.#notify({ type: 'gone', finding: held, reason, at });
  }

  #notify(change: FindingChange): FindingChange {
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch (error) {
        this.#logger?.error(
          { finding: change.finding.id, change: change.type, err: (error as Error).message },
          'findings listener failed'
        );
      }
    }
    return change;
  }
}
