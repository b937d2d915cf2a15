// The cluster's objects over the simulated horizon: nodes, deployments, replica-set revisions and pods with their
// lifetimes. Built once from (seed, anchor); metric families read it. Pod memory, OOM kills and desired replicas
// also consult the interventions (interventions.ts), so remediation actions in demo mode change what is measured.
import { createRng, hashString, k8sSuffix, uniform } from './random.ts';
import { seasonalTraffic, trapezoid, type Signal } from './signal.ts';
import { TIMELINE } from './incidents.ts';
import { Interventions, podLifecycle, segmentAt, type PodLifecycle } from './interventions.ts';

export const GiB = 1024 ** 3;
export const MiB = 1024 ** 2;
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export interface SimNode {
  name: string;
  ip: string;
  zone: string;
  instanceType: string;
  providerId: string;
  nodepool: string;
  cpu: number;
  memoryBytes: number;
  diskBytes: number;
  /** Set for nodes Karpenter launched during the demo. */
  claimCreatedMs: number | null;
  readyMs: number;
  terminatedMs: number;
  /** Share of the node's busy time per CPU (sums to 1). */
  cpuWeights: number[];
}

export interface DeploymentSpec {
  namespace: string;
  name: string;
  container: string;
  replicas: number;
  cpuRequest: number;
  cpuLimit: number;
  memRequest: number;
  memLimit: number;
  /** Mean CPU cores per pod at average traffic. */
  cpuBase: number;
  memBase: number;
  /** HTTP service (same name as the deployment unless given), mean requests/s; null for non-HTTP workloads. */
  http: { service: string; job: string; rps: number; medianLatencyS: number } | null;
}

export const DEPLOYMENTS: DeploymentSpec[] = [
  { namespace: 'shop', name: 'frontend', container: 'frontend', replicas: 3, cpuRequest: 1, cpuLimit: 2, memRequest: 512 * MiB,
    memLimit: 1 * GiB, cpuBase: 0.42, memBase: 380 * MiB, http: { service: 'frontend', job: 'shop-frontend', rps: 120, medianLatencyS: 0.045 } },
  { namespace: 'shop', name: 'checkout', container: 'checkout', replicas: 2, cpuRequest: 0.5, cpuLimit: 1, memRequest: 512 * MiB,
    memLimit: 1 * GiB, cpuBase: 0.18, memBase: 290 * MiB, http: { service: 'checkout', job: 'shop-checkout', rps: 25, medianLatencyS: 0.08 } },
  { namespace: 'shop', name: 'cart', container: 'cart', replicas: 2, cpuRequest: 0.5, cpuLimit: 1, memRequest: 256 * MiB,
    memLimit: 512 * MiB, cpuBase: 0.12, memBase: 150 * MiB, http: { service: 'cart', job: 'shop-cart', rps: 60, medianLatencyS: 0.02 } },
  { namespace: 'payments', name: 'api', container: 'api', replicas: 2, cpuRequest: 1, cpuLimit: 2, memRequest: 512 * MiB,
    memLimit: 1 * GiB, cpuBase: 0.3, memBase: 420 * MiB, http: { service: 'api', job: 'payments-api', rps: 40, medianLatencyS: 0.12 } },
  { namespace: 'data', name: 'worker', container: 'worker', replicas: 2, cpuRequest: 1.5, cpuLimit: 2, memRequest: 1 * GiB,
    memLimit: 2 * GiB, cpuBase: 0.5, memBase: 900 * MiB, http: null },
];

export interface SimPod {
  deployment: DeploymentSpec;
  name: string;
  uid: string;
  ip: string;
  replicaSet: string;
  revision: number;
  node: SimNode;
  createdMs: number;
  /** Pending until then (unschedulable), Running after. */
  scheduledMs: number;
  endMs: number;
  /** CPU cores used (rate of container_cpu_usage_seconds_total). */
  cpu: Signal;
  /** Working set bytes at a time (interventions at or before then included). */
  memory: (tMs: number) => number;
  /** OOM kill times (container restarts), with the interventions recorded so far. */
  readonly oomKillsMs: number[];
  /** Time from a fresh start to the OOM kill while the scripted leak runs; null for pods that do not leak. */
  leakPeriodMs: number | null;
  /** The container's fresh starts (creation, OOM kills, interventions), with the interventions recorded so far. */
  lifecycle(): PodLifecycle;
}

/** A HorizontalPodAutoscaler of a simulated Deployment (same name). */
export interface SimHpa {
  deployment: DeploymentSpec;
  minReplicas: number;
  maxReplicas: number;
  targetCpuUtilization: number;
}

export interface Topology {
  horizonStartMs: number;
  horizonEndMs: number;
  nodes: SimNode[];
  pods: SimPod[];
  /** The node whose root disk slowly fills. */
  diskFillNode: SimNode;
  /** Desired replicas over time: shop/frontend's HPA steps, and `kubectl scale` interventions. */
  desiredReplicas: (deployment: DeploymentSpec, tMs: number) => number;
  hpas: SimHpa[];
  /** HPA maxReplicas over time (scale-hpa interventions). */
  hpaMaxReplicas: (hpa: SimHpa, tMs: number) => number;
  interventions: Interventions;
}

function makeNode(rng: () => number, seed: number, index: number, readyMs: number, terminatedMs: number): SimNode {
  const subnet = 1 + (index % 3);
  const host = 10 + Math.floor(rng() * 240);
  const ip = `10.0.${subnet}.${host}`;
  const weights = [0, 1, 2, 3].map(() => 0.85 + 0.3 * rng());
  const total = weights.reduce((a, b) => a + b, 0);
  return {
    name: `ip-10-0-${subnet}-${host}.ec2.internal`, ip, zone: `us-east-1${'abc'[index % 3]}`, instanceType: 'm5.xlarge',
    providerId: `aws:///us-east-1${'abc'[index % 3]}/i-0${k8sSuffix(hashString(seed, `node${index}`), 16)}`,
    nodepool: 'default', cpu: 4, memoryBytes: 16 * GiB, diskBytes: 100 * GiB, claimCreatedMs: null, readyMs, terminatedMs,
    cpuWeights: weights.map((w) => w / total),
  };
}

/** Deploy times of a deployment: random working-day releases, none within a day of the anchor, plus scripted ones. */
function deployTimes(seed: number, dep: DeploymentSpec, startMs: number, endMs: number, anchorMs: number): number[] {
  const key = hashString(seed, `deploys/${dep.namespace}/${dep.name}`);
  const out: number[] = [];
  for (let day = Math.floor(startMs / DAY) + 1; day * DAY < endMs; day++) {
    const at = day * DAY + (9 + 8 * uniform(key, day * 2 + 1)) * HOUR;
    if (uniform(key, day * 2) < 0.22 && Math.abs(at - anchorMs) > DAY) {out.push(Math.floor(at / 1000) * 1000);}
  }
  if (dep.name === 'checkout') {out.push(anchorMs + TIMELINE.leakDeploy, anchorMs + TIMELINE.leakFixDeploy);}
  return out.sort((a, b) => a - b);
}

export function buildTopology(seed: number, anchorMs: number, interventions = new Interventions()): Topology {
  const rng = createRng(seed);
  const horizonStartMs = Math.floor((anchorMs - 35 * DAY) / MIN) * MIN;
  const horizonEndMs = anchorMs + 35 * DAY;
  const at = (offset: number) => anchorMs + offset;
  const baseNodes = [0, 1, 2, 3].map((i) => makeNode(rng, seed, i, horizonStartMs + i * MIN, horizonEndMs));
  const spikeNodes = TIMELINE.karpenterNodes.map((n, i) => {
    const node = makeNode(rng, seed, 4 + i, at(n.ready), at(n.terminated));
    node.claimCreatedMs = at(n.claimCreated);
    return node;
  });
  const nodes = [...baseNodes, ...spikeNodes];
  const pods: SimPod[] = [];
  const secS = (ms: number) => ms / 1000;

  for (const dep of DEPLOYMENTS) {
    const depKey = `${dep.namespace}/${dep.name}`;
    const releases = [horizonStartMs + 10 * MIN, ...deployTimes(seed, dep, horizonStartMs, horizonEndMs, anchorMs)];
    releases.forEach((releaseMs, revision) => {
      const rsKey = hashString(seed, `${depKey}/rs/${revision}`);
      const replicaSet = `${dep.name}-${k8sSuffix(rsKey, 10)}`;
      const nextRelease = releases[revision + 1] ?? null;
      const cpuFactor = 0.85 + 0.3 * uniform(rsKey, 101);
      const memFactor = 0.9 + 0.2 * uniform(rsKey, 102);
      const leaky = dep.name === 'checkout' && releaseMs === at(TIMELINE.leakDeploy);
      const nodeOffset = Math.floor(uniform(rsKey, 103) * 4);
      const addPod = (i: number, createdMs: number, endMs: number, node: SimNode, scheduledMs: number, extraCpu: Signal) => {
        const podKey = hashString(seed, `${replicaSet}/${i}`);
        const cpu: Signal = [...seasonalTraffic(dep.cpuBase * cpuFactor, podKey), ...extraCpu];
        if (dep.name === 'worker') {cpu.push(...trapezoid(0.95, secS(at(TIMELINE.surgeStart)), 900, secS(at(TIMELINE.surgeEnd)), 1200));}
        const noiseKey = podKey ^ 0x77;
        // Linear growth from a fresh 300 MiB to the limit; the kernel OOM-kills at the limit and the container restarts.
        const leakPeriodMs = leaky ? at(TIMELINE.leakFirstOom[i % 2]) - createdMs : null;
        const slope = leakPeriodMs === null ? 0 : (dep.memLimit - 300 * MiB) / leakPeriodMs;
        const leakingMemory = (sinceMs: number, tMs: number) => {
          const v = 300 * MiB + slope * (tMs - sinceMs);
          return Math.min(dep.memLimit * 0.999, v * (1 + 0.004 * gaussianAt(noiseKey, tMs)));
        };
        const base = dep.memBase * memFactor;
        const steadyMemory = (sinceMs: number, tMs: number) => {
          const warmup = 1 - Math.exp(-(tMs - sinceMs) / (6 * HOUR));
          const daily = Math.sin((2 * Math.PI * (tMs / 1000 - 8 * 3600)) / 86400);
          return base * (0.92 + 0.08 * warmup + 0.03 * daily) * (1 + 0.01 * gaussianAt(noiseKey, tMs));
        };
        const podName = `${replicaSet}-${k8sSuffix(podKey, 5)}`;
        let cached: { version: number; lifecycle: PodLifecycle } | null = null;
        const lifecycle = (): PodLifecycle => {
          if (cached?.version !== interventions.version) {
            cached = {
              version: interventions.version,
              lifecycle: podLifecycle({
                createdMs, endMs, leakPeriodMs,
                resets: interventions.resetsOf(depKey, `${dep.namespace}/${podName}`),
                leakEndsMs: interventions.firstRollbackMs(depKey),
              }),
            };
          }
          return cached.lifecycle;
        };
        const memory = (tMs: number) => {
          const segment = segmentAt(lifecycle(), tMs);
          return segment.leaking ? leakingMemory(segment.startMs, tMs) : steadyMemory(segment.startMs, tMs);
        };
        pods.push({
          deployment: dep, name: podName,
          uid: `${k8sSuffix(podKey ^ 1, 8)}-${k8sSuffix(podKey ^ 2, 4)}-${k8sSuffix(podKey ^ 3, 4)}-${k8sSuffix(podKey ^ 4, 12)}`,
          ip: `10.0.${100 + Math.floor(uniform(podKey, 7) * 50)}.${Math.floor(uniform(podKey, 8) * 250) + 2}`,
          replicaSet, revision, node, createdMs, scheduledMs, endMs, cpu, memory, leakPeriodMs, lifecycle,
          get oomKillsMs() {
            return lifecycle().oomKillsMs;
          },
        });
      };
      const frontendSpike = dep.name === 'frontend' && releaseMs < at(TIMELINE.spikeStart) && (nextRelease ?? Infinity) > at(TIMELINE.spikeEnd);
      for (let i = 0; i < dep.replicas; i++) {
        // Rolling update: each new pod 20 s after the previous; the old pod it replaces ends 45 s after it starts.
        const createdMs = releaseMs + i * 20_000;
        const endMs = nextRelease === null ? horizonEndMs : nextRelease + i * 20_000 + 45_000;
        // Until the HPA catches up, the existing frontend pods carry part of the spike.
        const extra = frontendSpike
          ? trapezoid(dep.cpuBase * 0.6, secS(at(TIMELINE.spikeStart)), 600, secS(at(TIMELINE.spikeEnd)), 1200)
          : [];
        addPod(i, createdMs, endMs, baseNodes[(nodeOffset + i) % 4], createdMs, extra);
      }
      if (frontendSpike) {
        // HPA scale-up: 3 pods fit on the existing nodes, 4 stay Pending until Karpenter's nodes are ready.
        const [step1, step2, down] = TIMELINE.hpaSteps;
        const endMs = at(down.at);
        for (let i = 3; i < step2.replicas; i++) {
          const createdMs = at(i < step1.replicas ? step1.at : step2.at) + (i % 3) * 1000;
          const node = i < 6 ? baseNodes[(nodeOffset + i) % 4] : spikeNodes[i < 8 ? 0 : 1];
          const scheduledMs = i < 6 ? createdMs : node.readyMs + 5_000;
          addPod(i, createdMs, endMs + (i - 3) * 2000, node, scheduledMs, []);
        }
      }
    });
  }

  const frontend = DEPLOYMENTS[0];
  const scripted = (dep: DeploymentSpec, tMs: number): { replicas: number; sinceMs: number } => {
    let current = { replicas: dep.replicas, sinceMs: -Infinity };
    if (dep !== frontend) {return current;}
    for (const step of TIMELINE.hpaSteps) {if (tMs >= at(step.at)) {current = { replicas: step.replicas, sinceMs: at(step.at) };}}
    return current;
  };
  const hpas: SimHpa[] = [{ deployment: frontend, minReplicas: 3, maxReplicas: 10, targetCpuUtilization: 70 }];
  return {
    horizonStartMs, horizonEndMs, nodes, pods, diskFillNode: baseNodes[1], hpas, interventions,
    desiredReplicas(dep, tMs) {
      // The later of the scripted count (the HPA's steps) and a `kubectl scale` wins, as the HPA overrides a manual scale.
      const script = scripted(dep, tMs);
      const scaled = interventions.latest('scale', `${dep.namespace}/${dep.name}`, tMs);
      return scaled && scaled.atMs >= script.sinceMs ? scaled.replicas : script.replicas;
    },
    hpaMaxReplicas(hpa, tMs) {
      return interventions.latest('scale-hpa', `${hpa.deployment.namespace}/${hpa.deployment.name}`, tMs)?.maxReplicas ?? hpa.maxReplicas;
    },
  };
}

/** Gaussian noise that changes every 30 s scrape. */
function gaussianAt(key: number, tMs: number): number {
  const i = Math.floor(tMs / 30_000);
  return (uniform(key, i * 3) + uniform(key, i * 3 + 1) + uniform(key, i * 3 + 2) - 1.5) * 2;
}
