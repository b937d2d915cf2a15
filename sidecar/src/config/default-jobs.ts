// The forecast jobs shipped with the sidecar: what runs when the config file lists no jobs.
// Queries use the metric names of node-exporter, cAdvisor, kube-state-metrics and Karpenter as they are
// exported by a stock kube-prometheus-stack install, so they work on a typical cluster without edits.
import type { ForecastJobInput } from './schema.ts';

export const DEFAULT_JOBS: ForecastJobInput[] = [
  {
    name: 'node-cpu',
    title: 'Node CPU utilisation',
    query: '1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m]))',
    unit: 'percentunit',
    threshold: { value: 0.9, direction: 'above' },
  },
  {
    name: 'container-memory',
    title: 'Container memory vs limit',
    query: 'sum by (namespace, pod, container) (container_memory_working_set_bytes{container!="", container!="POD"})',
    unit: 'bytes',
    threshold: {
      query: 'sum by (namespace, pod, container) (kube_pod_container_resource_limits{resource="memory"})',
      direction: 'above',
    },
  },
  {
    name: 'container-cpu',
    title: 'Container CPU vs limit',
    query:
      'sum by (namespace, pod, container) (rate(container_cpu_usage_seconds_total{container!="", container!="POD"}[5m]))',
    unit: 'cores',
    threshold: {
      query: 'sum by (namespace, pod, container) (kube_pod_container_resource_limits{resource="cpu"})',
      direction: 'above',
    },
  },
  {
    name: 'pending-pods',
    title: 'Pending pods',
    query: 'sum(kube_pod_status_phase{phase="Pending"})',
    unit: 'pods',
    // Pending pods change within minutes: a fine step and a short window and horizon.
    step: '1m',
    trainingWindow: '1d',
    horizon: '1h',
    threshold: { value: 1, direction: 'above' },
  },
  {
    name: 'nodepool-cpu',
    title: 'Karpenter node pool CPU vs limit',
    query: 'sum by (nodepool) (karpenter_nodepools_usage{resource_type="cpu"})',
    unit: 'cores',
    threshold: { query: 'sum by (nodepool) (karpenter_nodepools_limit{resource_type="cpu"})', direction: 'above' },
  },
  {
    name: 'http-5xx-ratio',
    title: 'HTTP 5xx error ratio',
    query:
      'sum by (namespace, service) (rate(http_requests_total{code=~"5.."}[5m])) / sum by (namespace, service) (rate(http_requests_total[5m]))',
    unit: 'percentunit',
    threshold: { value: 0.05, direction: 'above' },
  },
  {
    name: 'node-disk',
    title: 'Node root filesystem usage',
    query: '1 - node_filesystem_avail_bytes{mountpoint="/"} / node_filesystem_size_bytes{mountpoint="/"}',
    unit: 'percentunit',
    // Disks fill over days: look a day ahead so there is time to act.
    horizon: '24h',
    threshold: { value: 0.9, direction: 'above' },
  },
];

export const DEFAULT_PENDING_PODS_QUERY = 'sum(kube_pod_status_phase{phase="Pending"})';
export const DEFAULT_NODES_QUERY = 'sum(karpenter_cluster_state_node_count)';
