// Correctness of a storm's outcome and the latency figures, from what was sent (the sender's records), what the
// service did (the probe's batches, the alert store, the incidents in memory and as stored) and what should have
// happened (the storm's ground truth and the oracle's replay).
import type { StoredAlert } from '../../sidecar/src/store/alert-store.ts';
import type { Incident } from '../../sidecar/src/incidents/types.ts';
import { replay } from './oracle.ts';
import { groupBy } from './random.ts';
import { startsAtMs } from './payload.ts';
import type { Batch, Probe } from './probe.ts';
import type { SentRequest } from './sender.ts';
import type { Storm, StormAlert, StormNotification } from './storm.ts';

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  /** The issue's targets this check is part of: no alert lost, each duplicate folded into one incident. */
  targets: Array<'lost' | 'folded'>;
}

export interface Outcome {
  storm: Storm;
  epochMs: number;
  sent: SentRequest[];
  probe: Pick<Probe, 'batches' | 'placedBy' | 'emptyPublishes'>;
  storedAlerts: StoredAlert[];
  incidents: Incident[];
  storedIncidents: Incident[];
}

export interface Figures {
  checks: Check[];
  /** Per alert placed into an incident: its notification sent → the incident stored with an explanation (ms). */
  placeLatencies: number[];
  /** The same for the alerts placed by their very first notification. */
  firstLatencies: number[];
  /** How many were placed by a later notification than their first (a warning waiting for its critical). */
  placedByResend: number;
  /** [ms into the storm the placing notification was sent, latency ms], per placed alert. */
  placeSeries: Array<[number, number]>;
  /** [ms into the storm, HTTP latency ms], per request. */
  httpSeries: Array<[number, number]>;
  /** Per notification that changed something: sent → its incidents stored (ms). */
  batchLatencies: number[];
  /** Per batch: sent → the receiver published its changes (HTTP, parsing, validation, the alert store), and
   * published → its incidents stored (waiting in the manager's queue, then the rebuild) (ms). */
  toPublish: number[];
  publishToStored: number[];
  /** Per request: sent → answered (ms). */
  httpLatencies: number[];
  outcomes: Record<string, number>;
  /** From the first request sent to the last one answered (ms). */
  sendSpanMs: number;
  /** From the last request sent to the last batch stored (ms): the backlog left when the storm ends. */
  drainSpanMs: number;
  incidentCount: number;
  expectedIncidents: number;
  oracleIncidents: number;
}

// Which checks make up which target; the others check the measurement itself or the explanation.
const TARGETS: Record<string, Check['targets']> = {
  'every notification answered 200': ['lost'],
  'every alert of every notification received': ['lost'],
  'each distinct alert opened once in the store': ['lost'],
  'alert store: every alert once, final status and end as sent, every notification counted': ['lost'],
  'every critical alert in exactly one incident': ['lost'],
  'alerts in no incident are warnings that never met an open incident of their place': ['lost'],
  'the stored incidents are the ones in memory': ['lost'],
  'no incident holds the same alert occurrence twice': ['folded'],
  'no alert in two incidents': ['folded'],
  'every incident is about one place': ['folded'],
  'one incident per place with a critical alert, none for places with warnings only': ['folded'],
  'never two open incidents about one place': ['folded'],
  'incidents equal the replay of the changes by place (members and status)': ['lost', 'folded'],
  'resolves close what they opened, at the last end; stale firings reopen nothing': ['folded'],
};

const ok = (name: string, pass: boolean, detail: string): Check => ({
  name,
  ok: pass,
  detail,
  targets: TARGETS[name] ?? [],
});

function sample<T>(items: T[], show = 3): string {
  return items.length === 0
    ? ''
    : `: ${items
        .slice(0, show)
        .map((x) => JSON.stringify(x))
        .join(', ')}${items.length > show ? ', …' : ''}`;
}

export function evaluate(outcome: Outcome): Figures {
  const { storm, sent, probe, storedAlerts, incidents, storedIncidents, epochMs } = outcome;
  const checks: Check[] = [];
  const alertOf = new Map(storm.alerts.map((a) => [a.fingerprint, a]));
  const notificationOf = (seq: number): StormNotification => storm.notifications[seq];

  // Requests.
  const failed = sent.filter((s) => s.status !== 200);
  checks.push(
    ok(
      'every notification answered 200',
      failed.length === 0 && sent.length === storm.notifications.length,
      `${sent.length - failed.length} of ${storm.notifications.length}${sample(failed.map((f) => `${f.status} ${f.error}`))}`
    )
  );
  const outcomes: Record<string, number> = { received: 0, opened: 0, updated: 0, resolved: 0, duplicate: 0, stale: 0 };
  for (const s of sent) {
    for (const key of Object.keys(outcomes)) {
      outcomes[key] += s.result?.[key] ?? 0;
    }
  }
  const instances = storm.notifications.reduce((n, x) => n + x.alerts.length, 0);
  checks.push(
    ok(
      'every alert of every notification received',
      outcomes.received === instances,
      `${outcomes.received} of ${instances}`
    )
  );
  checks.push(
    ok(
      'each distinct alert opened once in the store',
      outcomes.opened === storm.alerts.length,
      `${outcomes.opened} opened for ${storm.alerts.length} alerts`
    )
  );

  // Batches ↔ notifications: per pipeline, the k-th request that changed something is the k-th batch of that pipeline.
  const changing = (s: SentRequest) => (s.result ? s.result.opened + s.result.updated + s.result.resolved > 0 : false);
  const byPipeline = new Map<string, SentRequest[]>();
  for (const s of sent.filter(changing)) {
    const key = notificationOf(s.seq).pipeline;
    byPipeline.set(key, [...(byPipeline.get(key) ?? []), s]);
  }
  const requestOf = (batch: Batch): SentRequest | undefined => byPipeline.get(batch.pipeline)?.[batch.indexInPipeline];
  const mismatched = probe.batches.filter((b) => {
    const request = requestOf(b);
    if (!request) {
      return true;
    }
    const carried = new Set(notificationOf(request.seq).alerts.map((a) => a.fingerprint));
    return b.changes.some((c) => !carried.has(c.fingerprint)) || request.sentAt > b.publishedAt;
  });
  const emptyRequests = sent.filter((s) => s.status === 200 && !changing(s)).length;
  checks.push(
    ok(
      'every batch the manager took matches the notification that carried it',
      mismatched.length === 0 &&
        probe.batches.length === sent.filter(changing).length &&
        emptyRequests === probe.emptyPublishes,
      `${probe.batches.length} batches for ${sent.filter(changing).length} changing notifications, ${probe.emptyPublishes} empty for ${emptyRequests}; ${mismatched.length} mismatched`
    )
  );
  checks.push(
    ok(
      'every batch stored',
      probe.batches.every((b) => b.doneAt !== null && !b.failed),
      `${probe.batches.filter((b) => b.doneAt === null || b.failed).length} not done or failed`
    )
  );

  // The alert store: every alert, as sent, counted once per notification that carried it.
  const carriedCount = new Map<string, number>();
  for (const n of storm.notifications) {
    for (const a of n.alerts) {
      carriedCount.set(a.fingerprint, (carriedCount.get(a.fingerprint) ?? 0) + 1);
    }
  }
  const storedBy = new Map(storedAlerts.map((a) => [a.fingerprint, a]));
  const wrongStored = storm.alerts.flatMap((a) => {
    const s = storedBy.get(a.fingerprint);
    const endsAt = a.resolveMs === null ? null : epochMs + a.resolveMs;
    const problems = !s
      ? ['missing']
      : [
          s.startsAt !== startsAtMs(a, epochMs) && 'startsAt',
          s.status !== (a.resolveMs === null ? 'firing' : 'resolved') && `status ${s.status}`,
          s.endsAt !== endsAt && `endsAt ${s.endsAt} ≠ ${endsAt}`,
          s.receivedCount !== carriedCount.get(a.fingerprint) &&
            `receivedCount ${s.receivedCount} ≠ ${carriedCount.get(a.fingerprint)}`,
        ].filter(Boolean);
    return problems.length > 0 ? [`${a.fingerprint} ${problems.join(', ')}`] : [];
  });
  checks.push(
    ok(
      'alert store: every alert once, final status and end as sent, every notification counted',
      wrongStored.length === 0 && storedAlerts.length === storm.alerts.length,
      `${storedAlerts.length} stored for ${storm.alerts.length}; ${wrongStored.length} wrong${sample(wrongStored)}`
    )
  );

  // Incidents against the ground truth.
  const key = (a: { fingerprint: string; startsAt: number }) => `${a.fingerprint}@${a.startsAt}`;
  const duplicated = incidents.filter((i) => new Set(i.alerts.map(key)).size !== i.alerts.length);
  checks.push(
    ok(
      'no incident holds the same alert occurrence twice',
      duplicated.length === 0,
      `${duplicated.length} incidents${sample(duplicated.map((i) => i.id))}`
    )
  );
  const owners = new Map<string, Incident[]>();
  for (const incident of incidents) {
    for (const a of incident.alerts) {
      owners.set(a.fingerprint, [...(owners.get(a.fingerprint) ?? []), incident]);
    }
  }
  const inTwo = [...owners.entries()].filter(([, list]) => list.length > 1).map(([fp]) => fp);
  checks.push(ok('no alert in two incidents', inTwo.length === 0, `${inTwo.length}${sample(inTwo)}`));
  const mixed = incidents.filter((i) => new Set(i.alerts.map((a) => alertOf.get(a.fingerprint)?.place)).size !== 1);
  checks.push(
    ok('every incident is about one place', mixed.length === 0, `${mixed.length}${sample(mixed.map((i) => i.title))}`)
  );
  const criticalPlaces = new Set(storm.alerts.filter((a) => a.severity === 'critical').map((a) => a.place));
  const placesWithIncident = groupBy(incidents, (i) => alertOf.get(i.alerts[0].fingerprint)!.place);
  const wrongCount = [...criticalPlaces].filter((p) => placesWithIncident.get(p)?.length !== 1);
  const spurious = [...placesWithIncident.keys()].filter((p) => !criticalPlaces.has(p));
  checks.push(
    ok(
      'one incident per place with a critical alert, none for places with warnings only',
      wrongCount.length === 0 && spurious.length === 0 && incidents.length === criticalPlaces.size,
      `${incidents.length} incidents for ${criticalPlaces.size} places with a critical alert; ${wrongCount.length} places without exactly one${sample(wrongCount)}; ${spurious.length} warning-only places with one`
    )
  );
  // A place may get a second incident when a resolve overtakes a new alert of the place (delivery order changed
  // by a stalled receiver): legitimate only if the first had closed, in the order the manager took the changes.
  const resolvedIn = new Map<string, number>();
  for (const batch of probe.batches) {
    for (const c of batch.changes) {
      if (c.status === 'resolved' && !resolvedIn.has(c.fingerprint)) {
        resolvedIn.set(c.fingerprint, batch.index);
      }
    }
  }
  const span = (i: Incident): [number, number] => [
    probe.placedBy.get(i.alerts[0].fingerprint)?.index ?? -1,
    i.status === 'resolved' ? Math.max(...i.alerts.map((a) => resolvedIn.get(a.fingerprint) ?? Infinity)) : Infinity,
  ];
  const overlapping = [...placesWithIncident.entries()].filter(([, list]) => {
    const spans = list.map(span).sort((a, b) => a[0] - b[0]);
    return spans.some((s, i) => i > 0 && s[0] <= spans[i - 1][1]);
  });
  const reopened = [...placesWithIncident.values()].filter((list) => list.length > 1).length;
  checks.push(
    ok(
      'never two open incidents about one place',
      overlapping.length === 0,
      `${reopened} places with a second incident opened after the first closed; ${overlapping.length} with two open at once${sample(overlapping.map(([p]) => p))}`
    )
  );
  const lostCritical = storm.alerts.filter((a) => a.severity === 'critical' && owners.get(a.fingerprint)?.length !== 1);
  checks.push(
    ok(
      'every critical alert in exactly one incident',
      lostCritical.length === 0,
      `${lostCritical.length} not${sample(lostCritical.map((a) => a.fingerprint))}`
    )
  );

  // The oracle: the same changes, in the manager's order, folded by place.
  const oracle = replay(probe.batches, (fp) => alertOf.get(fp)!);
  const signature = (members: Iterable<string>) => [...members].sort().join(',');
  const actual = new Map(incidents.map((i) => [signature(i.alerts.map((a) => a.fingerprint)), i]));
  const unmatched = oracle.incidents.filter((o) => {
    const incident = actual.get(signature(o.members.keys()));
    return !incident || incident.status !== (o.open ? 'open' : 'resolved');
  });
  checks.push(
    ok(
      'incidents equal the replay of the changes by place (members and status)',
      unmatched.length === 0 && oracle.incidents.length === incidents.length,
      `${incidents.length} incidents, ${oracle.incidents.length} replayed, ${unmatched.length} differ${sample(unmatched.map((o) => o.place))}`
    )
  );
  const outside = storm.alerts.filter((a) => !owners.has(a.fingerprint));
  const wronglyOutside = outside.filter((a) => a.severity === 'critical' || oracle.placedAt.has(a.fingerprint));
  checks.push(
    ok(
      'alerts in no incident are warnings that never met an open incident of their place',
      wronglyOutside.length === 0,
      `${outside.length} outside (${outside.filter((a) => criticalPlaces.has(a.place)).length} of them in places with an incident, arriving only while it was not open); ${wronglyOutside.length} wrongly`
    )
  );
  const placementDiffers = [...probe.placedBy.entries()].filter(
    ([fp, batch]) => oracle.placedAt.get(fp) !== batch.index
  );
  checks.push(
    ok(
      'each alert joined its incident with the batch the replay says',
      placementDiffers.length === 0 && probe.placedBy.size === oracle.placedAt.size,
      `${probe.placedBy.size} placed, ${oracle.placedAt.size} replayed, ${placementDiffers.length} differ`
    )
  );

  // Resolves: an incident closes when all its alerts resolved (at the last end), otherwise it stays open.
  const wrongStatus = incidents.filter((i) => {
    const members = i.alerts.map((a) => alertOf.get(a.fingerprint)!);
    const allResolved = members.every((a) => a.resolveMs !== null);
    const resolvedAt = allResolved ? epochMs + Math.max(...members.map((a) => a.resolveMs!)) : null;
    return i.status !== (allResolved ? 'resolved' : 'open') || i.resolvedAt !== resolvedAt;
  });
  const resolvedPlaces = [...groupBy(storm.alerts, (a) => a.place).entries()].filter(
    ([p, mine]) => criticalPlaces.has(p) && mine.every((a) => a.resolveMs !== null)
  );
  checks.push(
    ok(
      'resolves close what they opened, at the last end; stale firings reopen nothing',
      wrongStatus.length === 0,
      `${incidents.filter((i) => i.status === 'resolved').length} resolved (${resolvedPlaces.length} places resolved entirely), ${incidents.filter((i) => i.status === 'open').length} open; ${outcomes.stale} stale notifications of alerts; ${wrongStatus.length} wrong${sample(wrongStatus.map((i) => i.id))}`
    )
  );

  // Explained and stored.
  const unexplained = incidents.filter((i) => i.explanation === null || i.explanation.explainer !== 'built-in');
  checks.push(ok('every incident explained (built-in)', unexplained.length === 0, `${unexplained.length} not`));
  const storedById = new Map(storedIncidents.map((i) => [i.id, i]));
  const notStored = incidents.filter((i) => {
    const s = storedById.get(i.id);
    return (
      !s ||
      s.status !== i.status ||
      s.updatedAt !== i.updatedAt ||
      signature(s.alerts.map(key)) !== signature(i.alerts.map(key)) ||
      s.explanation === null
    );
  });
  checks.push(
    ok(
      'the stored incidents are the ones in memory',
      notStored.length === 0 && storedIncidents.length === incidents.length,
      `${storedIncidents.length} stored, ${incidents.length} in memory, ${notStored.length} differ`
    )
  );

  // Latencies.
  const firstSent = new Map<string, number>();
  for (const s of [...sent].sort((a, b) => a.sentAt - b.sentAt)) {
    for (const a of notificationOf(s.seq).alerts) {
      if (!firstSent.has(a.fingerprint)) {
        firstSent.set(a.fingerprint, s.sentAt);
      }
    }
  }
  const first = Math.min(...sent.map((s) => s.sentAt));
  const placeLatencies: number[] = [];
  const placeSeries: Array<[number, number]> = [];
  const firstLatencies: number[] = [];
  let placedByResend = 0;
  for (const [fp, batch] of probe.placedBy) {
    const request = requestOf(batch);
    if (request && batch.doneAt !== null) {
      placeLatencies.push(batch.doneAt - request.sentAt);
      placeSeries.push([request.sentAt - first, batch.doneAt - request.sentAt]);
      if (request.sentAt > firstSent.get(fp)!) {
        placedByResend += 1;
      } else {
        firstLatencies.push(batch.doneAt - request.sentAt);
      }
    }
  }
  const toPublish = probe.batches.flatMap((b) => {
    const request = requestOf(b);
    return request ? [b.publishedAt - request.sentAt] : [];
  });
  const publishToStored = probe.batches.flatMap((b) => (b.doneAt !== null ? [b.doneAt - b.publishedAt] : []));
  const batchLatencies = probe.batches.flatMap((b) => {
    const request = requestOf(b);
    return request && b.doneAt !== null ? [b.doneAt - request.sentAt] : [];
  });
  const lastSent = Math.max(...sent.map((s) => s.sentAt));
  return {
    checks,
    placeLatencies,
    firstLatencies,
    placedByResend,
    placeSeries,
    httpSeries: sent.map((s) => [s.sentAt - first, s.answeredAt - s.sentAt]),
    batchLatencies,
    toPublish,
    publishToStored,
    httpLatencies: sent.map((s) => s.answeredAt - s.sentAt),
    outcomes,
    sendSpanMs: Math.max(...sent.map((s) => s.answeredAt)) - first,
    drainSpanMs: Math.max(...probe.batches.map((b) => b.doneAt ?? 0)) - lastSent,
    incidentCount: incidents.length,
    expectedIncidents: criticalPlaces.size,
    oracleIncidents: oracle.incidents.length,
  };
}

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) {
    return Number.NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export type { StormAlert };
