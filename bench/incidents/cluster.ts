// The places a storm's alerts are about — namespaces with Deployments and StatefulSets and their pods, and nodes —
// and the alerts kube-prometheus-style rules raise about each, with the labels the sidecar reads its scope from.
// A place is the unit an incident is about: every alert generated for one place must fold into one incident, and
// alerts of different places never.
import { createHash } from 'node:crypto';
import { k8sSuffix, type Rng } from './random.ts';

export interface WorkloadPlace {
  kind: 'workload';
  id: string;
  namespace: string;
  workload: { kind: 'Deployment' | 'StatefulSet'; name: string };
  pods: string[];
}

export interface NodePlace {
  kind: 'node';
  id: string;
  /** EKS-style node name (ip-10-0-1-2.ec2.internal); node-exporter alerts name it by IP:port instead. */
  node: string;
  ip: string;
}

export type Place = WorkloadPlace | NodePlace;

export type Severity = 'critical' | 'warning';

export interface AlertDef {
  fingerprint: string;
  alertname: string;
  severity: Severity;
  /** Every label, alertname and severity included. */
  labels: Record<string, string>;
  place: string;
  /** What the changing annotation counts ("restarts", "% used", …). */
  measure: string;
}

/** The demo simulator's namespaces and workloads come first, so some incidents find its forecasts and anomalies. */
const SIMULATED: Record<string, string[]> = {
  shop: ['frontend', 'checkout', 'cart'],
  payments: ['api'],
  data: ['worker'],
};
const NAMESPACES = [
  'search',
  'inventory',
  'orders',
  'billing',
  'auth',
  'media',
  'ml-serving',
  'ingest',
  'notify',
  'reports',
  'gateway',
  'ledger',
  'catalog',
  'pricing',
  'shipping',
  'identity',
  'analytics',
  'streaming',
  'recommend',
  'support',
  'fraud',
  'warehouse',
  'tax',
  'loyalty',
  'partners',
];
const DEPLOYMENTS = [
  'api',
  'worker',
  'frontend',
  'scheduler',
  'indexer',
  'consumer',
  'gateway',
  'auth-proxy',
  'cron-runner',
  'renderer',
  'exporter',
  'webhook',
  'sync',
  'admin',
  'grpc-backend',
  'event-router',
];
const STATEFULSETS = ['postgres', 'redis', 'kafka', 'zookeeper', 'elasticsearch', 'rabbitmq', 'etcd', 'mongodb'];
const NODES = 56;

export interface Cluster {
  workloads: WorkloadPlace[];
  nodes: NodePlace[];
}

export function generateCluster(rng: Rng): Cluster {
  const workloads: WorkloadPlace[] = [];
  const namespaces: Array<[string, string[]]> = [
    ...Object.entries(SIMULATED).map(([ns, names]): [string, string[]] => [
      ns,
      [...names, ...rng.shuffle(DEPLOYMENTS.filter((d) => !names.includes(d))).slice(0, rng.int(3, 6))],
    ]),
    ...NAMESPACES.map((ns): [string, string[]] => [ns, rng.shuffle(DEPLOYMENTS).slice(0, rng.int(8, 13))]),
  ];
  for (const [namespace, deployments] of namespaces) {
    for (const name of deployments) {
      const hash = k8sSuffix(rng, rng.int(9, 10));
      const pods = Array.from({ length: rng.int(2, 6) }, () => `${name}-${hash}-${k8sSuffix(rng, 5)}`);
      workloads.push({
        kind: 'workload',
        id: `${namespace}/${name}`,
        namespace,
        workload: { kind: 'Deployment', name },
        pods,
      });
    }
    for (const name of rng.shuffle(STATEFULSETS).slice(0, rng.int(0, 2))) {
      const pods = Array.from({ length: rng.int(1, 3) }, (_, i) => `${name}-${i}`);
      workloads.push({
        kind: 'workload',
        id: `${namespace}/${name}`,
        namespace,
        workload: { kind: 'StatefulSet', name },
        pods,
      });
    }
  }
  const nodes: NodePlace[] = [];
  const used = new Set<string>();
  while (nodes.length < NODES) {
    const ip = `10.0.${rng.int(1, 3) * 16 + rng.int(0, 15)}.${rng.int(2, 254)}`;
    if (!used.has(ip)) {
      used.add(ip);
      const node = `ip-${ip.replaceAll('.', '-')}.ec2.internal`;
      nodes.push({ kind: 'node', id: `node/${node}`, node, ip });
    }
  }
  return { workloads, nodes };
}

/** Alertmanager's fingerprint is a 64-bit hash of the label set; any stable hash of it serves here. */
export function fingerprintOf(labels: Record<string, string>): string {
  const text = Object.keys(labels)
    .sort()
    .map((k) => `${k}\u0000${labels[k]}\u0000`)
    .join('');
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

function alert(place: Place, alertname: string, severity: Severity, labels: Record<string, string>, measure: string) {
  const all = { alertname, severity, ...labels };
  return { fingerprint: fingerprintOf(all), alertname, severity, labels: all, place: place.id, measure };
}

/**
 * The alerts one place raises. `critical` false: a place with warnings only (it must open nothing). Probabilities
 * give a few alerts per place, mostly critical.
 */
export function placeAlerts(rng: Rng, place: Place, critical: boolean): AlertDef[] {
  const out: AlertDef[] = [];
  const add = (p: number, make: () => AlertDef) => {
    if (rng.chance(p)) {
      out.push(make());
    }
  };
  if (place.kind === 'node') {
    const node = { node: place.node };
    const exporter = { instance: `${place.ip}:9100`, job: 'node-exporter' };
    if (critical) {
      add(0.75, () =>
        alert(
          place,
          'KubeNodeNotReady',
          'critical',
          { ...node, condition: 'Ready', job: 'kube-state-metrics' },
          'minutes not ready'
        )
      );
      add(0.4, () =>
        alert(
          place,
          'KubeNodeUnreachable',
          'critical',
          { ...node, effect: 'NoSchedule', key: 'node.kubernetes.io/unreachable' },
          'minutes unreachable'
        )
      );
      for (const [device, mountpoint] of [
        ['/dev/nvme0n1p1', '/'],
        ['/dev/nvme1n1', '/var/lib/containerd'],
      ]) {
        add(0.3, () =>
          alert(
            place,
            'NodeFilesystemSpaceFillingUp',
            'critical',
            { ...exporter, device, mountpoint, fstype: 'xfs' },
            '% used'
          )
        );
      }
    }
    add(0.35, () => alert(place, 'NodeMemoryHighUtilization', 'warning', exporter, '% memory used'));
    add(0.25, () => alert(place, 'KubeletTooManyPods', 'warning', { ...node, job: 'kubelet' }, '% of pod capacity'));
  } else {
    const ns = { namespace: place.namespace };
    const container = place.workload.name;
    const affected = rng
      .shuffle(place.pods)
      .slice(0, Math.min(place.pods.length, 1 + Math.floor(rng.exponential(1.3))));
    for (const pod of affected) {
      if (critical) {
        add(0.6, () =>
          alert(
            place,
            'KubePodCrashLooping',
            'critical',
            { ...ns, pod, container, job: 'kube-state-metrics' },
            'restarts'
          )
        );
        add(0.45, () => alert(place, 'KubePodNotReady', 'critical', { ...ns, pod }, 'minutes not ready'));
      }
      add(0.25, () =>
        alert(
          place,
          'KubeContainerWaiting',
          'warning',
          { ...ns, pod, container, reason: 'CrashLoopBackOff' },
          'minutes waiting'
        )
      );
      add(0.15, () => alert(place, 'CPUThrottlingHigh', 'warning', { ...ns, pod, container }, '% throttled'));
    }
    const workloadLabel: Record<string, string> =
      place.workload.kind === 'Deployment' ? { deployment: container } : { statefulset: container };
    const mismatch =
      place.workload.kind === 'Deployment' ? 'KubeDeploymentReplicasMismatch' : 'KubeStatefulSetReplicasMismatch';
    if (critical) {
      add(0.5, () =>
        alert(place, mismatch, 'critical', { ...ns, ...workloadLabel, job: 'kube-state-metrics' }, 'replicas missing')
      );
      add(0.2, () =>
        alert(
          place,
          'SLOErrorBudgetBurn',
          'critical',
          { ...ns, service: container, slo: `${container}-availability` },
          'x burn rate'
        )
      );
    }
    if (place.workload.kind === 'Deployment') {
      add(0.15, () =>
        alert(place, 'KubeDeploymentRolloutStuck', 'warning', { ...ns, deployment: container }, 'minutes stuck')
      );
    }
    add(0.2, () =>
      alert(place, 'TargetDown', 'warning', { ...ns, service: container, job: container }, '% of targets down')
    );
  }
  const criticals = out.filter((a) => a.severity === 'critical');
  if (critical && criticals.length === 0) {
    // Every critical place has at least one alert that opens its incident.
    return placeAlerts(rng, place, critical);
  }
  if (out.length === 0) {
    return placeAlerts(rng, place, critical);
  }
  return out;
}
