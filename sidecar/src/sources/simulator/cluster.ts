// The simulated cluster: topology + every exporter's metric families, indexed by sample name for selection.
import { buildTopology, DEPLOYMENTS, type SimHpa, type SimNode, type SimPod, type DeploymentSpec, type Topology } from './topology.ts';
import { Interventions, type Intervention } from './interventions.ts';
import { scriptedIncidents, type ScriptedIncident } from './incidents.ts';
import { kubeStateFamilies } from './kube-state.ts';
import { cadvisorFamilies } from './cadvisor.ts';
import { nodeExporterFamilies } from './node-exporter.ts';
import { karpenterFamilies } from './karpenter.ts';
import { httpFamilies } from './http-apps.ts';
import type { MetricFamily, SimSeries } from './series.ts';

export interface SimulatorConfig {
  seed: number;
  /** The moment the demo starts (callers pass Date.now()); incidents are placed relative to it. */
  anchorMs: number;
}

export interface SimulatedCluster {
  seed: number;
  anchorMs: number;
  /** Samples exist on this grid (epoch-aligned), like a scrape interval. */
  scrapeIntervalMs: number;
  /** Data exists in [startMs, endMs]: 35 days either side of the anchor. */
  horizon: { startMs: number; endMs: number };
  families: MetricFamily[];
  /** Sample name (e.g. http_request_duration_seconds_bucket) → its series. */
  seriesByName: Map<string, SimSeries[]>;
  incidents: ScriptedIncident[];
  nodes: SimNode[];
  pods: SimPod[];
  deployments: DeploymentSpec[];
  /** The node whose root filesystem slowly fills up. */
  diskFillNode: string;
  hpas: SimHpa[];
  /** What remediation actions did to the cluster; every series consults it, so record() changes later values. */
  interventions: Interventions;
  /** Desired replicas of a Deployment at a time (HPA steps and scale interventions). */
  desiredReplicas: (deployment: DeploymentSpec, tMs: number) => number;
  /** An HPA's maxReplicas at a time (scale-hpa interventions). */
  hpaMaxReplicas: (hpa: SimHpa, tMs: number) => number;
}

export const SCRAPE_INTERVAL_MS = 30_000;

export function createSimulatedCluster(config: SimulatorConfig): SimulatedCluster {
  const { seed, anchorMs } = config;
  if (!Number.isFinite(seed) || !Number.isFinite(anchorMs)) {throw new Error('simulator seed and anchorMs must be finite numbers');}
  // The check reads the topology, built right after with the same interventions.
  let topo: Topology | null = null;
  const interventions = new Interventions((intervention) => (topo ? unknownTarget(topo, intervention) : null));
  topo = buildTopology(seed >>> 0, anchorMs, interventions);
  const families = [
    ...kubeStateFamilies(topo),
    ...cadvisorFamilies(topo),
    ...nodeExporterFamilies(topo, seed >>> 0, anchorMs),
    ...karpenterFamilies(topo),
    ...httpFamilies(topo, seed >>> 0, anchorMs),
  ];
  const seriesByName = new Map<string, SimSeries[]>();
  for (const f of families) {
    for (const s of f.series) {
      const name = s.labels.__name__;
      const list = seriesByName.get(name);
      if (list) {list.push(s);} else {seriesByName.set(name, [s]);}
    }
  }
  return {
    seed, anchorMs, scrapeIntervalMs: SCRAPE_INTERVAL_MS,
    horizon: { startMs: topo.horizonStartMs, endMs: topo.horizonEndMs },
    families, seriesByName, incidents: scriptedIncidents(anchorMs),
    nodes: topo.nodes, pods: topo.pods, deployments: DEPLOYMENTS, diskFillNode: topo.diskFillNode.name,
    hpas: topo.hpas, interventions, desiredReplicas: topo.desiredReplicas, hpaMaxReplicas: topo.hpaMaxReplicas,
  };
}

/** What an intervention names that the cluster does not have, or null. */
function unknownTarget(topo: Topology, intervention: Intervention): string | null {
  const key = (namespace: string, name: string) => `${namespace}/${name}`;
  switch (intervention.type) {
    case 'restart':
    case 'rollback':
    case 'scale':
      return DEPLOYMENTS.some((d) => key(d.namespace, d.name) === intervention.deployment)
        ? null
        : `the simulated cluster has no Deployment ${intervention.deployment}`;
    case 'scale-hpa':
      return topo.hpas.some((h) => key(h.deployment.namespace, h.deployment.name) === intervention.hpa)
        ? null
        : `the simulated cluster has no HorizontalPodAutoscaler ${intervention.hpa}`;
    case 'delete-pod':
      return topo.pods.some((p) => key(p.deployment.namespace, p.name) === intervention.pod)
        ? null
        : `the simulated cluster has no Pod ${intervention.pod}`;
    case 'cordon':
      return topo.nodes.some((n) => n.name === intervention.node) ? null : `the simulated cluster has no Node ${intervention.node}`;
  }
}
