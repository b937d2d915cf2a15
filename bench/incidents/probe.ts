// In-process instrumentation of the running service, without changing it: the webhook's receiver publishes each
// notification's alert changes (AlertEvents.publish, called synchronously while the request is handled) and the
// incident manager takes them one batch at a time, in publish order (IncidentManager.handleAlerts, whose promise
// settles once the touched incidents are rebuilt, explained and stored). Wrapping both on the instances gives, per
// batch, the pipeline (replica × group) it came from and the moment its incidents were stored; after each batch the
// alerts not yet in an incident are looked up (among the incidents opened since the probe was attached), so the
// batch that first put an alert into an explained incident is known exactly.
import { createHash } from 'node:crypto';
import type { RunningService } from '../../sidecar/src/cli/serve-command.ts';
import type { IncidentManager } from '../../sidecar/src/incidents/incident-manager.ts';
import type { Incident } from '../../sidecar/src/incidents/types.ts';
import { hrNow } from './sender.ts';
import { REPLICA_URLS } from './storm.ts';

export interface ProbeChange {
  kind: 'opened' | 'updated' | 'resolved';
  fingerprint: string;
  startsAt: number;
  status: 'firing' | 'resolved';
}

export interface Batch {
  /** Position among the non-empty batches, in the order the manager takes them. */
  index: number;
  pipeline: string;
  /** Position among this pipeline's non-empty batches. */
  indexInPipeline: number;
  publishedAt: number;
  doneAt: number | null;
  changes: ProbeChange[];
  /** Alerts this batch put into an explained incident for the first time. */
  placed: string[];
  failed: boolean;
}

export class Probe {
  readonly batches: Batch[] = [];
  /** fingerprint → the batch that first put it into an explained incident. */
  readonly placedBy = new Map<string, Batch>();
  /** receive() calls whose notification changed nothing (duplicates, stale copies). */
  emptyPublishes = 0;
  readonly #pending: Batch[] = [];
  readonly #perPipeline = new Map<string, number>();
  readonly #incidentOf = new Map<string, Incident>();
  readonly #indexed = new WeakMap<Incident, number>();
  readonly #tracked = new Set<Incident>();
  #detach: Array<() => void> = [];

  attach(service: RunningService): void {
    const events = service.alertEvents;
    const manager = service.incidents.manager;
    const publish = events.publish.bind(events);
    const handleAlerts = manager.handleAlerts.bind(manager);
    events.publish = (changes) => {
      if (changes.length === 0) {
        this.emptyPublishes += 1;
      } else {
        const first = changes[0].alert;
        const pipeline = `${REPLICA_URLS.indexOf(first.externalURL)}|${first.groupKey}`;
        const indexInPipeline = this.#perPipeline.get(pipeline) ?? 0;
        this.#perPipeline.set(pipeline, indexInPipeline + 1);
        const batch: Batch = {
          index: this.batches.length,
          pipeline,
          indexInPipeline,
          publishedAt: hrNow(),
          doneAt: null,
          changes: changes.map((c) => ({
            kind: c.kind,
            fingerprint: c.alert.fingerprint,
            startsAt: c.alert.startsAt,
            status: c.alert.status,
          })),
          placed: [],
          failed: false,
        };
        this.batches.push(batch);
        this.#pending.push(batch);
      }
      return publish(changes);
    };
    manager.handleAlerts = (alerts) => {
      const batch = this.#pending.shift();
      const done = handleAlerts(alerts);
      // Registered right after the manager's own continuation, so it runs before the next queued batch starts.
      done.then(
        () => batch && this.#done(batch, manager),
        () => batch && (batch.failed = true)
      );
      return done;
    };
    this.#detach = [
      () => Reflect.deleteProperty(events, 'publish'),
      () => Reflect.deleteProperty(manager, 'handleAlerts'),
    ];
  }

  detach(): void {
    this.#detach.forEach((fn) => fn());
    this.#detach = [];
  }

  #done(batch: Batch, manager: IncidentManager): void {
    batch.doneAt = hrNow();
    const unplaced = batch.changes.filter((c) => !this.placedBy.has(c.fingerprint));
    if (unplaced.length === 0) {
      return;
    }
    // An incident is named after the alert that opened it, so the incidents this batch may have opened are found
    // by name; any other it joined was opened by an earlier batch and is tracked already. Incidents only ever gain
    // alerts (appended), so only the new tail of each needs indexing.
    for (const change of unplaced) {
      const opened = manager.get(incidentIdOf(change.fingerprint, change.startsAt));
      if (opened) {
        this.#tracked.add(opened);
      }
    }
    for (const incident of this.#tracked) {
      const seen = this.#indexed.get(incident) ?? 0;
      for (let i = seen; i < incident.alerts.length; i++) {
        this.#incidentOf.set(incident.alerts[i].fingerprint, incident);
      }
      this.#indexed.set(incident, incident.alerts.length);
    }
    for (const change of unplaced) {
      const incident = this.#incidentOf.get(change.fingerprint);
      if (incident && incident.explanation !== null && !this.placedBy.has(change.fingerprint)) {
        this.placedBy.set(change.fingerprint, batch);
        batch.placed.push(change.fingerprint);
      }
    }
  }
}

/** The incident manager's id for the incident an alert opens (incident-manager.ts incidentId). */
function incidentIdOf(fingerprint: string, startsAt: number): string {
  return `inc-${createHash('sha256').update(`${fingerprint}@${startsAt}`).digest('hex').slice(0, 12)}`;
}
