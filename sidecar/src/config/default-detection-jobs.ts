// The anomaly and outlier jobs shipped with the sidecar: what runs when the config file lists none.
// Like the forecast defaults, the queries use the metric names of node-exporter, cAdvisor, kube-state-metrics and
// an HTTP server histogram as a stock kube-prometheus-stack install exports them.
import type { AnomalyJobInput, OutlierJobInput } from './schema.ts';

const CONTAINERS = 'container!="", container!="POD"';

/**
 * A deployment's pods are named <deployment>-<pod-template-hash>-<5 characters>: label_replace derives a
 * `deployment` label from the pod name (pods of StatefulSets, DaemonSets and Jobs do not match and are left out).
 */
export const deploymentOfPod = (expr: string) =>
  `label_replace(${expr}, "deployment", "$1", "pod", "(.+)-[a-z0-9]{5,10}-[a-z0-9]{5}")`;

/** Joins a per-node expression (with a `node` label) to the node's Karpenter node pool, as label `nodepool`. */
export const withNodepool = (expr: string) =>
  `${expr} * on (node) group_left (nodepool) max by (node, nodepool) ` +
  `(label_replace(kube_node_labels, "nodepool", "$1", "label_karpenter_sh_nodepool", "(.+)"))`;

export const DEFAULT_ANOMALY_JOBS: AnomalyJobInput[] = [
  {
    // The same query as the node-cpu forecast job, so each series links to its forecast.
    name: 'node-cpu',
    title: 'Node CPU utilisation',
    query: '1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m]))',
    unit: 'percentunit',
    limit: { value: 1 },
  },
  {
    // Per workload (namespace + container name) rather than per pod: pods are replaced by every rollout, and a
    // series needs history before its scores mean anything, so the sum over a workload's pods is what is watched.
    name: 'workload-cpu',
    title: 'Workload CPU',
    query: `sum by (namespace, container) (rate(container_cpu_usage_seconds_total{${CONTAINERS}}[5m]))`,
    unit: 'cores',
  },
  {
    // The hungriest pod of each workload against the per-pod limit: a leak shows as a drift toward the limit.
    name: 'workload-memory',
    title: 'Workload memory (largest pod)',
    query: `max by (namespace, container) (container_memory_working_set_bytes{${CONTAINERS}})`,
    unit: 'bytes',
    limit: { query: 'max by (namespace, container) (kube_pod_container_resource_limits{resource="memory"})' },
  },
  {
    name: 'http-latency-p99',
    title: 'HTTP p99 latency',
    query: 'histogram_quantile(0.99, sum by (namespace, service, le) (rate(http_request_duration_seconds_bucket[5m])))',
    unit: 's',
  },
  {
    // The same query as the http-5xx-ratio forecast job.
    name: 'http-5xx-ratio',
    title: 'HTTP 5xx error ratio',
    query:
      'sum by (namespace, service) (rate(http_requests_total{code=~"5.."}[5m])) / sum by (namespace, service) (rate(http_requests_total[5m]))',
    unit: 'percentunit',
  },
];

export const DEFAULT_OUTLIER_JOBS: OutlierJobInput[] = [
  {
    // Pods of one deployment run the same code on the same kind of traffic: one that uses more CPU or memory than
    // its siblings, or keeps restarting, is worth a look.
    name: 'deployment-pods',
    title: 'Pods of a deployment',
    groupBy: ['namespace', 'deployment'],
    member: 'pod',
    features: {
      cpu: deploymentOfPod(`sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{${CONTAINERS}}[5m]))`),
      memory: deploymentOfPod(`sum by (namespace, pod) (container_memory_working_set_bytes{${CONTAINERS}})`),
      restarts: deploymentOfPod('sum by (namespace, pod) (increase(kube_pod_container_status_restarts_total[1h]))'),
    },
    minDeviation: { restarts: 1 },
  },
  {
    // Pods of a namespace against their own limits: a pod much closer to its memory or CPU limit than its
    // neighbours (a leak, a limit set too low) stands out even when its deployment has too few pods to compare.
    name: 'namespace-pods',
    title: 'Pods of a namespace, usage against limits',
    groupBy: ['namespace'],
    member: 'pod',
    features: {
      'memory-vs-limit':
        `sum by (namespace, pod) (container_memory_working_set_bytes{${CONTAINERS}})` +
        ' / sum by (namespace, pod) (kube_pod_container_resource_limits{resource="memory"})',
      'cpu-vs-limit':
        `sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{${CONTAINERS}}[5m]))` +
        ' / sum by (namespace, pod) (kube_pod_container_resource_limits{resource="cpu"})',
    },
  },
  {
    // Nodes of one Karpenter node pool are the same instance types running a share of the same workloads.
    name: 'nodepool-nodes',
    title: 'Nodes of a node pool',
    groupBy: ['nodepool'],
    member: 'node',
    features: {
      cpu: withNodepool('(1 - avg by (node) (rate(node_cpu_seconds_total{mode="idle"}[5m])))'),
      memory: withNodepool(
        '(1 - sum by (node) (node_memory_MemAvailable_bytes) / sum by (node) (node_memory_MemTotal_bytes))'
      ),
      disk: withNodepool(
        '(1 - sum by (node) (node_filesystem_avail_bytes{mountpoint="/"}) / sum by (node) (node_filesystem_size_bytes{mountpoint="/"}))'
      ),
      network: withNodepool(
        'sum by (node) (rate(node_network_receive_bytes_total{device!~"lo|veth.*|cali.*|cni.*|docker.*"}[5m]) + rate(node_network_transmit_bytes_total{device!~"lo|veth.*|cali.*|cni.*|docker.*"}[5m]))'
      ),
    },
  },
];
