// Masks the names an incident knows (namespaces, workloads, pods, nodes, containers, services, …), IP addresses and
// host names with stable placeholders ("namespace-1", "pod-2", "node-1", "ip-1", "host-1") before a text leaves for
// an LLM provider, and puts the real names back into its reply. Placeholders are numbered in the order mask() meets
// them, so the same incident content always masks to the same text (which is what the explanation cache keys on).
import type { IncidentContext } from './types.ts';

export interface Anonymizer {
  mask(text: string): string;
  unmask(text: string): string;
}

export const noAnonymizer: Anonymizer = { mask: (text) => text, unmask: (text) => text };

/** Label names whose values name things in the cluster, and the placeholder each becomes. */
export const NAME_LABELS: Readonly<Record<string, string>> = {
  namespace: 'namespace',
  exported_namespace: 'namespace',
  pod: 'pod',
  exported_pod: 'pod',
  node: 'node',
  instance: 'host',
  host: 'host',
  hostname: 'host',
  container: 'container',
  exported_container: 'container',
  deployment: 'deployment',
  statefulset: 'statefulset',
  daemonset: 'daemonset',
  replicaset: 'replicaset',
  job_name: 'job',
  cronjob: 'cronjob',
  horizontalpodautoscaler: 'hpa',
  workload: 'workload',
  service: 'service',
  exported_service: 'service',
  persistentvolumeclaim: 'pvc',
  ingress: 'ingress',
  nodepool: 'nodepool',
  cluster: 'cluster',
  app: 'app',
  app_kubernetes_io_name: 'app',
  app_kubernetes_io_instance: 'app',
  sloth_service: 'service',
  sloth_id: 'slo',
};

const KIND_PLACEHOLDERS: Readonly<Record<string, string>> = {
  Namespace: 'namespace',
  Deployment: 'deployment',
  StatefulSet: 'statefulset',
  DaemonSet: 'daemonset',
  ReplicaSet: 'replicaset',
  Job: 'job',
  CronJob: 'cronjob',
  Pod: 'pod',
  Node: 'node',
  Service: 'service',
  Ingress: 'ingress',
  PersistentVolumeClaim: 'pvc',
  HorizontalPodAutoscaler: 'hpa',
};

const placeholderOfKind = (kind: string) => KIND_PLACEHOLDERS[kind] ?? 'object';

// Public domains of Kubernetes' own label keys and API groups ("node.kubernetes.io/not-ready"): no one's host.
const PUBLIC_DOMAINS = /(^|\.)(kubernetes\.io|k8s\.io|karpenter\.sh|k8sgpt\.ai|prometheus\.io)$/i;

const IPV4 = String.raw`(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\.?\d)`;
// Loose on purpose; plausibleIpv6 keeps clock times ("13:05:20") and the like out.
const IPV6 = String.raw`(?<![0-9a-z:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![0-9a-z:])`;
// EKS/EC2 node names embed their IP: ip-10-0-1-5.
const EC2_NAME = String.raw`(?<![a-z0-9-])ip-\d{1,3}-\d{1,3}-\d{1,3}-\d{1,3}(?![a-z0-9-])`;
const HOSTNAME = String.raw`(?<![a-z0-9.-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?!\.?[a-z0-9-])`;

const plausibleIpv6 = (text: string) =>
  (text.includes('::') || text.split(':').length === 8) && /[0-9a-f]{2}/i.test(text);

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function knownNames(context: IncidentContext): Map<string, string> {
  const names = new Map<string, string>();
  const add = (name: string | null | undefined, placeholder: string) => {
    const value = name?.trim().replace(/[.-]+$/, '');
    if (value && value.length >= 2 && !names.has(value.toLowerCase())) {
      names.set(value.toLowerCase(), placeholder);
    }
  };
  const addObject = (object: string | null) => {
    const slash = object?.indexOf('/') ?? -1;
    if (object && slash > 0) {
      add(object.slice(slash + 1), placeholderOfKind(object.slice(0, slash)));
    }
  };
  const { scope } = context;
  add(scope.namespace, 'namespace');
  if (scope.workload) {
    add(scope.workload.name, placeholderOfKind(scope.workload.kind));
  }
  scope.pods.forEach((pod) => add(pod, 'pod'));
  scope.nodes.forEach((node) => add(node, 'node'));
  for (const alert of context.alerts) {
    for (const [label, value] of Object.entries(alert.labels)) {
      // node-exporter's instance is "<host or IP>:<port>"; addresses are masked as ip-N by the patterns below.
      const name = label === 'instance' ? value.replace(/:\d+$/, '') : value;
      if (NAME_LABELS[label] && !/^[\d.]+$|:/.test(name)) {
        add(name, NAME_LABELS[label]);
      }
    }
  }
  for (const finding of context.findings) {
    const [namespace, name] = finding.name.includes('/') ? finding.name.split('/', 2) : [null, finding.name];
    add(namespace, 'namespace');
    add(name, placeholderOfKind(finding.kind));
    addObject(finding.parentObject);
  }
  context.events.forEach((event) => addObject(event.object));
  // Names inside free text: label pairs (container=worker, namespace="shop") and replica sets in rollout events.
  const texts = [
    context.title,
    ...context.alerts.flatMap((a) => Object.values(a.annotations)),
    ...context.findings.flatMap((f) => [...f.errors, f.details ?? '']),
    ...context.anomalies.map((a) => a.title),
    ...context.forecasts.map((f) => f.title),
    ...context.events.map((e) => e.message),
  ];
  for (const text of texts) {
    for (const [, label, value] of text.matchAll(/\b([a-z_]+)="?([A-Za-z0-9][\w.-]*)/g)) {
      if (NAME_LABELS[label]) {
        add(value, NAME_LABELS[label]);
      }
    }
    for (const [, name] of text.matchAll(/replica set (\S+)/g)) {
      add(name, 'replicaset');
    }
  }
  return names;
}

/** An anonymiser for one incident: it knows the incident's names and masks any IP or host name it meets. */
export function createAnonymizer(context: IncidentContext): Anonymizer {
  const known = knownNames(context);
  const placeholders = new Map<string, string>();
  const realNames = new Map<string, string>();
  const counters = new Map<string, number>();
  const placeholderFor = (real: string, kind: string) => {
    const key = real.toLowerCase();
    let placeholder = placeholders.get(key);
    if (!placeholder) {
      const n = (counters.get(kind) ?? 0) + 1;
      counters.set(kind, n);
      placeholder = `${kind}-${n}`;
      placeholders.set(key, placeholder);
      realNames.set(placeholder, real);
    }
    return placeholder;
  };
  // Whole host names first ("api.shop.svc.cluster.local" is one host, not a name and a suffix), then known names
  // longest first (a pod name whole rather than its deployment's name and a suffix), then addresses.
  const names = [...known.keys()].sort((a, b) => b.length - a.length || a.localeCompare(b)).map(escape);
  const namesPattern = names.length > 0 ? `(?<![a-z0-9])(${names.join('|')})(?![a-z0-9])` : '(?!)()';
  const pattern = new RegExp(`(${HOSTNAME})|${namesPattern}|(${EC2_NAME})|(${IPV4})|(${IPV6})`, 'gi');

  const mask = (text: string) =>
    text.replace(pattern, (match: string, host?: string, name?: string, ec2?: string, ipv4?: string, ipv6?: string) => {
      const kind = known.get(match.toLowerCase());
      if (kind) {
        return placeholderFor(match, kind);
      }
      if (host) {
        return PUBLIC_DOMAINS.test(match) ? match : placeholderFor(match, 'host');
      }
      if (ec2) {
        return placeholderFor(match, 'node');
      }
      if (ipv4) {
        return placeholderFor(match, 'ip');
      }
      if (ipv6 && plausibleIpv6(match)) {
        return placeholderFor(match, 'ip');
      }
      return match;
    });

  const unmask = (text: string) => {
    if (realNames.size === 0) {
      return text;
    }
    const handedOut = [...realNames.keys()].sort((a, b) => b.length - a.length).map(escape);
    return text.replace(
      new RegExp(`(?<![a-z0-9])(?:${handedOut.join('|')})(?!\\d)`, 'gi'),
      (placeholder) => realNames.get(placeholder.toLowerCase()) ?? placeholder
    );
  };
  return { mask, unmask };
}
