// cAdvisor (kubelet /metrics/cadvisor): per-container CPU counters and working set, plus the pause ("POD") container.
import { family, sample, type MetricFamily, type SimSeries } from './series.ts';
import { integrate } from './signal.ts';
import { MiB, type Topology } from './topology.ts';

export function cadvisorFamilies(topo: Topology): MetricFamily[] {
  const cpu: SimSeries[] = [];
  const mem: SimSeries[] = [];
  for (const pod of topo.pods) {
    const dep = pod.deployment;
    const start = pod.scheduledMs;
    const startS = start / 1000;
    const labels = (container: string, image: string) => ({
      job: 'cadvisor', instance: `${pod.node.ip}:10250`, namespace: dep.namespace, pod: pod.name, container, node: pod.node.name,
      image, id: `/kubepods/burstable/pod${pod.uid}/${container}`,
    });
    const app = labels(dep.container, `123456789012.dkr.ecr.us-east-1.amazonaws.com/${dep.namespace}/${dep.name}:r${pod.revision}`);
    const pause = labels('POD', 'registry.k8s.io/pause:3.10');
    // A true running total: the integral of the pod's CPU rate since it started running.
    cpu.push(sample('container_cpu_usage_seconds_total', app, start, pod.endMs, (t) => integrate(pod.cpu, startS, t / 1000)));
    cpu.push(sample('container_cpu_usage_seconds_total', pause, start, pod.endMs, (t) => 0.0004 * (t - start) / 1000));
    mem.push(sample('container_memory_working_set_bytes', app, start, pod.endMs, pod.memory));
    mem.push(sample('container_memory_working_set_bytes', pause, start, pod.endMs, () => 0.6 * MiB));
  }
  return [
    family('container_cpu_usage_seconds_total', 'counter', 'Cumulative cpu time consumed in seconds.', cpu),
    family('container_memory_working_set_bytes', 'gauge', 'Current working set in bytes.', mem),
  ];
}
