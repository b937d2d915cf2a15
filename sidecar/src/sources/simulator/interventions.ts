// What someone did to the simulated cluster (demo mode's remediation actions), time-stamped. The simulation stays a
// pure function of (seed, anchor, interventions): a value at time t consults only interventions with atMs <= t, so
// recording one at T changes nothing before T, and the same interventions give the same series.
//
// Simplification: a real rollout restart, rollback, pod deletion or eviction replaces pods (new names and uids). The
// simulator keeps every pod's name and uid, so its series stay continuous, and models the replacement as a fresh
// container on the same pod: memory back to the baseline, the OOM kills recomputed from the new growth, the
// last-terminated reason cleared. No restart is counted (a new pod's counter would start at zero).

/** "namespace/name" of a Deployment, Pod or HPA; node names are cluster-scoped. */
export type Intervention =
  /** kubectl rollout restart: every pod of the Deployment starts fresh. */
  | { type: 'restart'; deployment: string; atMs: number; restartedAt: string }
  /** kubectl rollout undo: like a restart, and the rolled-back release (and its leak) is gone for good. */
  | {
      type: 'rollback';
      deployment: string;
      atMs: number;
      /** Release index (image tag r<index>). */ toRevision: number;
    }
  /** kubectl scale: the Deployment's desired replicas from then on. */
  | { type: 'scale'; deployment: string; atMs: number; replicas: number }
  /** The HPA's maxReplicas from then on. */
  | { type: 'scale-hpa'; hpa: string; atMs: number; maxReplicas: number }
  /** The pod is deleted (or evicted by a drain) and its ReplicaSet replaces it. */
  | { type: 'delete-pod'; pod: string; uid: string; atMs: number; reason: 'delete' | 'evict' }
  /** kubectl cordon: the node is unschedulable from then on. */
  | { type: 'cordon'; node: string; atMs: number };

export type RecordedIntervention = Intervention & { seq: number };

export class Interventions {
  readonly #list: RecordedIntervention[] = [];
  readonly #listeners = new Set<() => void>();
  readonly #check: (intervention: Intervention) => string | null;
  #version = 0;

  /** `check` names what is wrong with an intervention (an unknown deployment, pod or node), or returns null. */
  constructor(check: (intervention: Intervention) => string | null = () => null) {
    this.#check = check;
  }

  /** Bumped by every record: caches of derived state (pod lifecycles, alert lists) compare it. */
  get version(): number {
    return this.#version;
  }

  record(intervention: Intervention): RecordedIntervention {
    if (!Number.isFinite(intervention.atMs)) {
      throw new Error(`simulated ${intervention.type}: atMs must be a finite epoch-ms time, got ${intervention.atMs}`);
    }
    const problem = this.#check(intervention);
    if (problem !== null) {
      throw new Error(`simulated ${intervention.type}: ${problem}`);
    }
    const recorded = { ...intervention, seq: this.#list.length + 1 } as RecordedIntervention;
    this.#list.push(recorded);
    this.#version++;
    for (const listener of this.#listeners) {
      listener();
    }
    return recorded;
  }

  /** Everything recorded, in recording order. */
  list(): readonly RecordedIntervention[] {
    return this.#list;
  }

  /** Called after every record; returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** When the pod's container starts fresh: restarts and rollbacks of its Deployment, its deletion. Sorted by time. */
  resetsOf(deployment: string, pod: string): number[] {
    const resets: number[] = [];
    for (const i of this.#list) {
      const ofDeployment = (i.type === 'restart' || i.type === 'rollback') && i.deployment === deployment;
      if (ofDeployment || (i.type === 'delete-pod' && i.pod === pod)) {
        resets.push(i.atMs);
      }
    }
    return resets.sort((a, b) => a - b);
  }

  /** The first rollback of the Deployment, or null: pods starting fresh from then on run without the leak. */
  firstRollbackMs(deployment: string): number | null {
    let first: number | null = null;
    for (const i of this.#list) {
      if (i.type === 'rollback' && i.deployment === deployment && (first === null || i.atMs < first)) {
        first = i.atMs;
      }
    }
    return first;
  }

  /** The latest intervention of a type on a target at or before tMs (ties: the one recorded last). */
  latest<T extends Intervention['type']>(
    type: T,
    target: string,
    tMs: number
  ): Extract<RecordedIntervention, { type: T }> | null {
    let found: RecordedIntervention | null = null;
    for (const i of this.#list) {
      if (i.type === type && targetOf(i) === target && i.atMs <= tMs && (found === null || i.atMs >= found.atMs)) {
        found = i;
      }
    }
    return found as Extract<RecordedIntervention, { type: T }> | null;
  }
}

/** The object an intervention changes: "namespace/name", or the node name. */
export function targetOf(intervention: Intervention): string {
  switch (intervention.type) {
    case 'restart':
    case 'rollback':
    case 'scale':
      return intervention.deployment;
    case 'scale-hpa':
      return intervention.hpa;
    case 'delete-pod':
      return intervention.pod;
    case 'cordon':
      return intervention.node;
  }
}

/** One stretch of a container's life between fresh starts. */
export interface LifeSegment {
  startMs: number;
  /** The next fresh start, or the pod's end. */
  endMs: number;
  /** Memory grows by the leak in this segment (otherwise it stays at the baseline). */
  leaking: boolean;
  /** What ended it: an OOM kill (the container restarts), an intervention, or the pod's end. */
  endedBy: 'oom' | 'reset' | 'end';
}

export interface PodLifecycle {
  segments: LifeSegment[];
  /** OOM kill times, sorted. */
  oomKillsMs: number[];
}

/**
 * A container's fresh starts from its creation to its end: a leaking container is OOM-killed leakPeriodMs after each
 * fresh start (the growth from the baseline to the limit), unless an intervention resets it first.
 */
export function podLifecycle(input: {
  createdMs: number;
  endMs: number;
  /** Time from a fresh start to the OOM kill while the leak runs; null: the pod does not leak. */
  leakPeriodMs: number | null;
  /** Sorted times the container starts fresh because of an intervention. */
  resets: readonly number[];
  /** A rollback of the Deployment at or before a segment's start means that segment runs without the leak. */
  leakEndsMs: number | null;
}): PodLifecycle {
  const { createdMs, endMs, leakPeriodMs, leakEndsMs } = input;
  const resets = input.resets.filter((atMs) => atMs > createdMs && atMs < endMs);
  const leakingFrom = (startMs: number) => leakPeriodMs !== null && (leakEndsMs === null || startMs < leakEndsMs);
  const segments: LifeSegment[] = [];
  const oomKillsMs: number[] = [];
  let start = createdMs;
  let next = 0;
  for (;;) {
    const leaking = leakingFrom(start);
    const killMs = leaking ? start + leakPeriodMs! : Infinity;
    while (next < resets.length && resets[next] <= start) {
      next++;
    }
    const resetMs = next < resets.length ? resets[next] : Infinity;
    if (killMs < endMs && killMs < resetMs) {
      segments.push({ startMs: start, endMs: killMs, leaking, endedBy: 'oom' });
      oomKillsMs.push(killMs);
      start = killMs;
    } else if (resetMs < endMs) {
      segments.push({ startMs: start, endMs: resetMs, leaking, endedBy: 'reset' });
      start = resetMs;
    } else {
      segments.push({ startMs: start, endMs, leaking, endedBy: 'end' });
      return { segments, oomKillsMs };
    }
  }
}

/** The segment running at tMs (the first before the pod's creation, the last after its end). */
export function segmentAt(lifecycle: PodLifecycle, tMs: number): LifeSegment {
  const { segments } = lifecycle;
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segments[mid].startMs <= tMs) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return segments[lo];
}
