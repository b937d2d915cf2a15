// The scripted incident timeline, relative to the anchor (the moment the demo starts), so the demo shows them soon.

export type IncidentKind = 'memory-leak' | 'cpu-surge' | 'traffic-spike' | 'error-burn';

export interface ScriptedIncident {
  name: string;
  kind: IncidentKind;
  namespace: string;
  /** Deployment name. */
  workload: string;
  startMs: number;
  endMs: number;
  description: string;
}

const MIN = 60_000;
const HOUR = 60 * MIN;

/** Offsets from the anchor in ms; the simulator's topology and signals are built from these. */
export const TIMELINE = {
  /** shop/checkout: a leaky release goes out; working set grows toward the 1 GiB limit. */
  leakDeploy: -6 * HOUR,
  /** First OOM kills of the two leaking checkout pods (then they restart and leak again). */
  leakFirstOom: [2 * HOUR + 15 * MIN, 2 * HOUR + 50 * MIN],
  /** The fix: a new checkout release without the leak. */
  leakFixDeploy: 10 * HOUR,
  /** shop/frontend traffic: ramps up over 10 min, holds, ramps down over 20 min. */
  spikeStart: 30 * MIN,
  spikeEnd: 2 * HOUR + 30 * MIN,
  /** HPA steps of shop/frontend replicas: 3 → 8 → 10 → 3. */
  hpaSteps: [
    { at: 32 * MIN, replicas: 8 },
    { at: 36 * MIN, replicas: 10 },
    { at: 2 * HOUR + 40 * MIN, replicas: 3 },
  ],
  /** Karpenter node claims for the Pending pods: created, ready, and later consolidated away. */
  karpenterNodes: [
    { claimCreated: 32 * MIN + 30_000, ready: 37 * MIN, terminated: 3 * HOUR + 5 * MIN },
    { claimCreated: 36 * MIN + 30_000, ready: 40 * MIN + 30_000, terminated: 3 * HOUR + 8 * MIN },
  ],
  /** data/worker CPU surge toward its 2-core limit. */
  surgeStart: 1 * HOUR,
  surgeEnd: 4 * HOUR,
  /** payments/api 5xx ratio: ~0.1% → ~4% over an hour, for about five hours. */
  burnStart: 45 * MIN,
  burnEnd: 5 * HOUR + 45 * MIN,
} as const;

export function scriptedIncidents(anchorMs: number): ScriptedIncident[] {
  const at = (offset: number) => anchorMs + offset;
  return [
    {
      name: 'checkout-memory-leak',
      kind: 'memory-leak',
      namespace: 'shop',
      workload: 'checkout',
      startMs: at(TIMELINE.leakDeploy),
      endMs: at(TIMELINE.leakFixDeploy),
      description:
        'A checkout release leaks memory: working set grows ~85 MiB/h toward the 1 GiB limit; pods are OOMKilled and restart.',
    },
    {
      name: 'frontend-traffic-spike',
      kind: 'traffic-spike',
      namespace: 'shop',
      workload: 'frontend',
      startMs: at(TIMELINE.spikeStart),
      endMs: at(TIMELINE.karpenterNodes[1].terminated),
      description:
        'Frontend traffic rises 3.5x; the HPA scales 3 → 10 replicas, pods stay Pending until Karpenter adds two nodes.',
    },
    {
      name: 'worker-cpu-surge',
      kind: 'cpu-surge',
      namespace: 'data',
      workload: 'worker',
      startMs: at(TIMELINE.surgeStart),
      endMs: at(TIMELINE.surgeEnd + 20 * MIN),
      description: 'data/worker CPU climbs close to its 2-core limit for about three hours.',
    },
    {
      name: 'payments-error-burn',
      kind: 'error-burn',
      namespace: 'payments',
      workload: 'api',
      startMs: at(TIMELINE.burnStart),
      endMs: at(TIMELINE.burnEnd + 15 * MIN),
      description: 'payments/api 5xx ratio rises from ~0.1% to ~4%, burning the error budget for hours.',
    },
  ];
}
