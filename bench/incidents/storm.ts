// The storm: `alerts` distinct alerts about a few hundred places, firing within the first seconds, some resolving,
// delivered as Alertmanager delivers them — grouped by alertname + namespace, a group's first notification after
// group_wait, then one every group_interval while the group changes, a repeat of every group near the end — by two
// Alertmanager replicas that both notify (an HA pair whose gossip lags), so every notification arrives twice, the
// second copy up to ~1.3 s later: identical re-sends, re-sends with newer annotations (the values in them move
// with each evaluation), copies that arrive after the next notification (out of order) and firing copies that
// arrive after the resolve (stale). Times are compressed (Alertmanager's defaults are 30 s and 5 min) so the whole
// storm is sent within 10 s. Seeded: the same seed gives the same storm; absolute times are added when sending.
import { generateCluster, placeAlerts, type AlertDef, type Place } from './cluster.ts';
import { createRng, groupBy, type Rng } from './random.ts';

export interface StormOptions {
  seed: number;
  /** Distinct alerts (occurrences). */
  alerts: number;
  /** Every notification is scheduled within this long. */
  windowMs: number;
  groupWaitMs: number;
  groupIntervalMs: number;
  /** Prometheus' evaluation interval: annotations carry a value that moves once per interval. */
  evaluationMs: number;
  /** Alerts start firing within [0, lastStartMs]. */
  lastStartMs: number;
  /** Resolves happen by then. */
  lastResolveMs: number;
  /** The first tick after this re-sends every group that still has firing alerts (repeat_interval). */
  repeatAfterMs: number;
  /** The second replica's copy follows the first's by this much. */
  replicaDelayMs: [number, number];
  /** Share of places with warnings only (they open nothing). */
  warningsOnlyShare: number;
  /** Share of places whose alerts all resolve (their incident must close). */
  resolvedPlaceShare: number;
  /** Share of the other places where one alert resolves (the incident stays open). */
  partlyResolvedShare: number;
}

export const DEFAULT_STORM: StormOptions = {
  seed: 7,
  alerts: 1_000,
  windowMs: 10_000,
  groupWaitMs: 500,
  groupIntervalMs: 1_000,
  evaluationMs: 1_000,
  lastStartMs: 5_500,
  lastResolveMs: 7_000,
  repeatAfterMs: 7_500,
  replicaDelayMs: [50, 1_300],
  warningsOnlyShare: 0.15,
  resolvedPlaceShare: 0.25,
  partlyResolvedShare: 0.15,
};

/** The default storm's timing divided by `factor` (a quick storm for the tests). */
export function compressed(factor: number, options: Partial<StormOptions> = {}): Partial<StormOptions> {
  const o = DEFAULT_STORM;
  return {
    windowMs: o.windowMs / factor,
    groupWaitMs: o.groupWaitMs / factor,
    groupIntervalMs: o.groupIntervalMs / factor,
    evaluationMs: o.evaluationMs / factor,
    lastStartMs: o.lastStartMs / factor,
    lastResolveMs: o.lastResolveMs / factor,
    repeatAfterMs: o.repeatAfterMs / factor,
    replicaDelayMs: [o.replicaDelayMs[0] / factor, o.replicaDelayMs[1] / factor],
    ...options,
  };
}

export interface StormAlert extends AlertDef {
  /** When Alertmanager receives it firing (ms into the storm). */
  startMs: number;
  /** startsAt = storm start + startMs - leadMs: Prometheus started it a little before Alertmanager saw it. */
  leadMs: number;
  /** The sub-millisecond digits of startsAt (Alertmanager writes nanoseconds). */
  nanos: string;
  /** When it resolves (ms into the storm); null: still firing at the end. */
  resolveMs: number | null;
}

export interface NotifiedAlert {
  fingerprint: string;
  status: 'firing' | 'resolved';
  /** Which evaluation's annotations it carries. */
  version: number;
}

export interface StormNotification {
  /** Position in the schedule (by send time). */
  seq: number;
  atMs: number;
  /** 0: the replica that notifies first; 1: its HA peer's copy. */
  replica: 0 | 1;
  group: string;
  groupKey: string;
  groupLabels: Record<string, string>;
  externalURL: string;
  /** The pipeline a request belongs to: one replica's notifications for one group, sent one after another. */
  pipeline: string;
  alerts: NotifiedAlert[];
  /** The replica-0 notification this is a copy of (replica 1 only). */
  copyOf: number | null;
  /** The flush's reason on replica 0: new alerts, resolved alerts, or the repeat. */
  reason: 'new' | 'resolved' | 'repeat';
}

export interface Storm {
  options: StormOptions;
  places: Place[];
  alerts: StormAlert[];
  notifications: StormNotification[];
}

export const REPLICA_URLS = [
  'http://alertmanager-0.alertmanager-operated:9093',
  'http://alertmanager-1.alertmanager-operated:9093',
];

export function groupOf(alert: AlertDef): { group: string; groupLabels: Record<string, string>; groupKey: string } {
  const groupLabels: Record<string, string> = { alertname: alert.alertname };
  if (alert.labels.namespace) {
    groupLabels.namespace = alert.labels.namespace;
  }
  const inner = Object.entries(groupLabels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ');
  return { group: inner, groupLabels, groupKey: `{}/{}:{${inner}}` };
}

export function generateStorm(options: Partial<StormOptions> = {}): Storm {
  const o: StormOptions = { ...DEFAULT_STORM, ...options };
  const rng = createRng(o.seed);
  const cluster = generateCluster(rng);
  const { places, defs } = chooseAlerts(rng, [...cluster.workloads, ...cluster.nodes], o);
  const alerts = timeAlerts(rng, places, defs, o);
  return { options: o, places, alerts, notifications: schedule(rng, alerts, o) };
}

/** Places in random order, each with its alerts, until exactly `alerts` alerts (the last place may lose some). */
function chooseAlerts(rng: Rng, all: Place[], o: StormOptions): { places: Place[]; defs: AlertDef[] } {
  const places: Place[] = [];
  const defs: AlertDef[] = [];
  for (const place of rng.shuffle(all)) {
    if (defs.length >= o.alerts) {
      break;
    }
    let mine = placeAlerts(rng, place, !rng.chance(o.warningsOnlyShare)).slice(0, o.alerts - defs.length);
    if (mine.length === 0) {
      continue;
    }
    places.push(place);
    defs.push(...mine);
    mine = [];
  }
  if (defs.length < o.alerts) {
    throw new Error(`the cluster has room for ${defs.length} alerts, not ${o.alerts}`);
  }
  return { places, defs };
}

/** Onsets in three bursts (a node pool failing, a bad rollout, a dependency going down) and in between. */
function timeAlerts(rng: Rng, places: Place[], defs: AlertDef[], o: StormOptions): StormAlert[] {
  const bursts = [0.05, 0.3, 0.6].map((f) => f * o.lastStartMs);
  const onset = new Map<string, number>();
  for (const place of places) {
    const t = rng.chance(0.5) ? rng.pick(bursts) + rng.normal(0, 0.04 * o.lastStartMs) : rng.uniform(0, o.lastStartMs);
    onset.set(place.id, clamp(t, 0, o.lastStartMs));
  }
  const alerts: StormAlert[] = defs.map((def) => ({
    ...def,
    startMs: Math.round(clamp(onset.get(def.place)! + rng.exponential(0.08 * o.lastStartMs), 0, o.lastStartMs)),
    leadMs: rng.int(0, 120_000),
    nanos: String(rng.int(0, 999_999)).padStart(6, '0'),
    resolveMs: null,
  }));
  // Resolves come after every alert of the place has been notified at least once (+ group_interval), so a place's incident
  // can only close once everything about it has arrived: one incident per place, whatever the arrival order.
  const firstFlush = firstFlushTimes(alerts, o);
  const byPlace = groupBy(alerts, (a) => a.place);
  for (const mine of byPlace.values()) {
    const gi = o.groupIntervalMs;
    const settled = Math.max(...mine.map((a) => firstFlush.get(a.fingerprint)!)) + gi;
    if (rng.chance(o.resolvedPlaceShare)) {
      const at = settled + rng.uniform(0, gi);
      if (at + 0.3 * gi <= o.lastResolveMs) {
        mine.forEach((a) => (a.resolveMs = Math.round(at + rng.uniform(0, 0.3 * gi))));
      }
    } else if (mine.length >= 2 && rng.chance(o.partlyResolvedShare)) {
      const at = settled + rng.uniform(0, gi);
      if (at <= o.lastResolveMs) {
        rng.pick(mine).resolveMs = Math.round(at);
      }
    }
  }
  return alerts;
}

function firstFlushTimes(alerts: StormAlert[], o: StormOptions): Map<string, number> {
  const out = new Map<string, number>();
  for (const mine of groupBy(alerts, (a) => groupOf(a).group).values()) {
    const first = Math.min(...mine.map((a) => a.startMs)) + o.groupWaitMs;
    for (const a of mine) {
      out.set(a.fingerprint, first + Math.ceil(Math.max(0, a.startMs - first) / o.groupIntervalMs) * o.groupIntervalMs);
    }
  }
  return out;
}

/** Replica 0's flushes per group, then replica 1's copies, all sorted by send time. */
function schedule(rng: Rng, alerts: StormAlert[], o: StormOptions): StormNotification[] {
  type Draft = Omit<StormNotification, 'seq' | 'copyOf'> & { copyOf: Draft | null };
  const out: Draft[] = [];
  const groups = groupBy(alerts, (a) => groupOf(a).group);
  for (const mine of [...groups.values()]) {
    const { group, groupKey, groupLabels } = groupOf(mine[0]);
    const notified = new Set<string>();
    const resolvedSent = new Set<string>();
    const first = Math.min(...mine.map((a) => a.startMs)) + o.groupWaitMs;
    let repeated = false;
    const copies: typeof out = [];
    let lastCopyAt = -Infinity;
    for (let tick = first; ; tick += o.groupIntervalMs) {
      const firing = mine.filter((a) => a.startMs <= tick && (a.resolveMs === null || a.resolveMs > tick));
      const fresh = firing.filter((a) => !notified.has(a.fingerprint));
      const resolved = mine.filter(
        (a) =>
          a.resolveMs !== null && a.resolveMs <= tick && notified.has(a.fingerprint) && !resolvedSent.has(a.fingerprint)
      );
      const repeat: boolean = !repeated && tick >= o.repeatAfterMs;
      if (fresh.length > 0 || resolved.length > 0 || (repeat && firing.length > 0)) {
        const version = (a: StormAlert) => Math.max(0, Math.floor((tick - a.startMs) / o.evaluationMs));
        const notification: Draft = {
          atMs: tick,
          replica: 0 as const,
          group,
          groupKey,
          groupLabels,
          externalURL: REPLICA_URLS[0],
          pipeline: `0|${groupKey}`,
          alerts: [
            ...firing.map((a) => ({ fingerprint: a.fingerprint, status: 'firing' as const, version: version(a) })),
            ...resolved.map((a) => ({ fingerprint: a.fingerprint, status: 'resolved' as const, version: version(a) })),
          ],
          copyOf: null,
          reason: fresh.length > 0 ? 'new' : resolved.length > 0 ? 'resolved' : 'repeat',
        };
        out.push(notification);
        // The peer notifies the same group with the same content a little later, one notification after another.
        lastCopyAt = Math.max(tick + rng.uniform(...o.replicaDelayMs), lastCopyAt + 1);
        copies.push({
          ...notification,
          atMs: Math.round(lastCopyAt),
          replica: 1,
          externalURL: REPLICA_URLS[1],
          pipeline: `1|${groupKey}`,
          copyOf: notification,
        });
        fresh.forEach((a) => notified.add(a.fingerprint));
        resolved.forEach((a) => resolvedSent.add(a.fingerprint));
      }
      repeated ||= repeat;
      const pending = mine.some(
        (a) => !notified.has(a.fingerprint) || (a.resolveMs !== null && !resolvedSent.has(a.fingerprint))
      );
      if (repeated && !pending) {
        break;
      }
    }
    out.push(...copies);
  }
  out.sort((a, b) => a.atMs - b.atMs || a.replica - b.replica || a.groupKey.localeCompare(b.groupKey));
  const seqOf = new Map<Draft, number>(out.map((n, i) => [n, i]));
  return out.map((n, seq) => ({ ...n, seq, copyOf: n.copyOf ? seqOf.get(n.copyOf)! : null }));
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** The storm's shape, for the report and the generator's test. */
export function stormStats(storm: Storm) {
  const { alerts, notifications, places } = storm;
  const byFp = new Map(alerts.map((a) => [a.fingerprint, a]));
  const perAlert = new Map<string, number>();
  for (const n of notifications) {
    for (const a of n.alerts) {
      perAlert.set(a.fingerprint, (perAlert.get(a.fingerprint) ?? 0) + 1);
    }
  }
  const criticalPlaces = new Set(alerts.filter((a) => a.severity === 'critical').map((a) => a.place));
  const resolvedPlaces = [...groupBy(alerts, (a) => a.place).entries()].filter(([, mine]) =>
    mine.every((a) => a.resolveMs !== null)
  );
  // Copies sent after the next notification of the same group (out of order), and firing copies sent after the
  // alert's resolve was sent (stale).
  const byPipeline = groupBy(
    notifications.filter((n) => n.replica === 0),
    (n) => n.groupKey
  );
  let outOfOrder = 0;
  let staleFiring = 0;
  for (const copy of notifications.filter((n) => n.replica === 1)) {
    const original = notifications[copy.copyOf!];
    const later = byPipeline.get(copy.groupKey)!.filter((n) => n.atMs > original.atMs && n.atMs < copy.atMs);
    outOfOrder += later.length > 0 ? 1 : 0;
    for (const a of copy.alerts) {
      if (
        a.status === 'firing' &&
        later.some((n) => n.alerts.some((b) => b.fingerprint === a.fingerprint && b.status === 'resolved'))
      ) {
        staleFiring += 1;
      }
    }
  }
  let changedAnnotations = 0;
  for (const mine of byPipeline.values()) {
    const seen = new Map<string, number>();
    for (const n of mine) {
      for (const a of n.alerts) {
        if (seen.has(a.fingerprint) && seen.get(a.fingerprint) !== a.version && a.status === 'firing') {
          changedAnnotations += 1;
        }
        seen.set(a.fingerprint, a.version);
      }
    }
  }
  const counts = [...perAlert.values()];
  return {
    alerts: alerts.length,
    critical: alerts.filter((a) => a.severity === 'critical').length,
    warning: alerts.filter((a) => a.severity === 'warning').length,
    places: places.length,
    workloadPlaces: places.filter((p) => p.kind === 'workload').length,
    nodePlaces: places.filter((p) => p.kind === 'node').length,
    namespaces: new Set(places.flatMap((p) => (p.kind === 'workload' ? [p.namespace] : []))).size,
    criticalPlaces: criticalPlaces.size,
    warningOnlyPlaces: places.length - criticalPlaces.size,
    resolvedPlaces: resolvedPlaces.length,
    resolvedAlerts: alerts.filter((a) => a.resolveMs !== null).length,
    groups: new Set(notifications.map((n) => n.groupKey)).size,
    notifications: notifications.length,
    alertInstances: counts.reduce((s, c) => s + c, 0),
    notificationsPerAlert: {
      min: Math.min(...counts),
      max: Math.max(...counts),
      mean: counts.reduce((s, c) => s + c, 0) / counts.length,
    },
    alertsPerNotification: Math.max(...notifications.map((n) => n.alerts.length)),
    lastSendMs: Math.max(...notifications.map((n) => n.atMs)),
    outOfOrderCopies: outOfOrder,
    staleFiringCopies: staleFiring,
    changedAnnotationResends: changedAnnotations,
    unknownFingerprints: [...perAlert.keys()].filter((fp) => !byFp.has(fp)).length,
  };
}
