// node-exporter: per-CPU mode counters consistent with the pods running on the node, memory and the root filesystem.
import { family, sample, constant, type MetricFamily, type SimSeries } from './series.ts';
import { integrate, valueAt } from './signal.ts';
import { GiB, type SimNode, type SimPod, type Topology } from './topology.ts';
import { uniform, hashString } from './random.ts';

const DAY_MS = 86_400_000;
/** Kubelet, containerd and daemonsets (cores). */
const SYSTEM_CPU = 0.22;
const SYSTEM_MEMORY = 1.4 * GiB;
const BUSY_MODES = [['user', 0.72], ['system', 0.22], ['softirq', 0.03], ['iowait', 0.03]] as const;

/** Busy CPU-seconds of a node since it became ready: system overhead plus every pod's CPU while on the node. */
function nodeBusySeconds(node: SimNode, pods: SimPod[]): (tMs: number) => number {
  const byEnd = [...pods].sort((a, b) => a.endMs - b.endMs);
  // Pods that already ended contribute a constant: prefix sums of their whole-life CPU seconds.
  const prefix = [0];
  for (const p of byEnd) {prefix.push(prefix[prefix.length - 1] + integrate(p.cpu, p.scheduledMs / 1000, p.endMs / 1000));}
  let lastT = NaN;
  let lastV = 0;
  return (tMs) => {
    if (tMs === lastT) {return lastV;} // the node's CPUs and modes ask for the same instant in a row
    let lo = 0;
    let hi = byEnd.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byEnd[mid].endMs <= tMs) {lo = mid + 1;} else {hi = mid;}
    }
    let busy = prefix[lo] + SYSTEM_CPU * (tMs - node.readyMs) / 1000;
    for (let i = lo; i < byEnd.length; i++) {
      const p = byEnd[i];
      if (p.scheduledMs < tMs) {busy += integrate(p.cpu, p.scheduledMs / 1000, tMs / 1000);}
    }
    lastT = tMs;
    lastV = busy;
    return busy;
  };
}

const EXCESS_GRID_MS = 60_000;
/** Headroom under full capacity, so a busy rate that changes within one grid step stays under it. */
const CAPACITY_HEADROOM = 0.95;

/**
 * A node cannot be busier than its CPUs: demand above capacity waits instead (which is why CPU-starved pods slow
 * down). Without the cap an overloaded node's idle counter would run backwards, which rate() reads as a counter
 * reset. The CPU-seconds above capacity have no closed form, so they are summed on a 60 s grid, lazily and once.
 */
function capToCapacity(node: SimNode, pods: SimPod[], busy: (tMs: number) => number): (tMs: number) => number {
  // Each CPU i gets a share w_i of the busy time, so the busiest CPU saturates first.
  const capacity = CAPACITY_HEADROOM / Math.max(...node.cpuWeights);
  const demand = (tMs: number) => {
    let cores = SYSTEM_CPU;
    for (const p of pods) {
      if (p.scheduledMs < tMs && tMs <= p.endMs) {cores += valueAt(p.cpu, tMs / 1000);}
    }
    return cores;
  };
  const excessAtGrid = [0]; // excess CPU-seconds from readyMs to readyMs + k * grid
  const excessRate = (k: number) => Math.max(0, demand(node.readyMs + k * EXCESS_GRID_MS) - capacity);
  return (tMs) => {
    const k = Math.max(0, Math.floor((tMs - node.readyMs) / EXCESS_GRID_MS));
    while (excessAtGrid.length <= k) {
      const last = excessAtGrid.length - 1;
      excessAtGrid.push(excessAtGrid[last] + (excessRate(last) * EXCESS_GRID_MS) / 1000);
    }
    const withinStep = Math.max(0, tMs - node.readyMs - k * EXCESS_GRID_MS) / 1000;
    return busy(tMs) - excessAtGrid[k] - excessRate(k) * withinStep;
  };
}

export function nodeExporterFamilies(topo: Topology, seed: number, anchorMs: number): MetricFamily[] {
  const cpu: SimSeries[] = [];
  const memAvail: SimSeries[] = [];
  const memTotal: SimSeries[] = [];
  const fsAvail: SimSeries[] = [];
  const fsSize: SimSeries[] = [];
  const netRx: SimSeries[] = [];
  const netTx: SimSeries[] = [];
  for (const node of topo.nodes) {
    const pods = topo.pods.filter((p) => p.node === node);
    const busy = capToCapacity(node, pods, nodeBusySeconds(node, pods));
    const life = [node.readyMs, node.terminatedMs] as const;
    const base = { job: 'node-exporter', instance: `${node.ip}:9100`, node: node.name };
    node.cpuWeights.forEach((w, i) => {
      const labels = { ...base, cpu: String(i) };
      cpu.push(sample('node_cpu_seconds_total', { ...labels, mode: 'idle' }, ...life, (t) => (t - node.readyMs) / 1000 - w * busy(t)));
      for (const [mode, share] of BUSY_MODES) {
        cpu.push(sample('node_cpu_seconds_total', { ...labels, mode }, ...life, (t) => share * w * busy(t)));
      }
    });
    const totalBytes = node.memoryBytes + 0.4 * GiB;
    memTotal.push(sample('node_memory_MemTotal_bytes', base, ...life, constant(totalBytes)));
    memAvail.push(sample('node_memory_MemAvailable_bytes', base, ...life, (t) => {
      let used = SYSTEM_MEMORY;
      for (const p of pods) {if (p.scheduledMs <= t && t <= p.endMs) {used += p.memory(t);}}
      return totalBytes - used;
    }));
    // Network traffic follows the node's busy CPU (requests in, responses out), over a small constant floor.
    const net = { ...base, device: 'eth0' };
    const bytes = (perBusySecond: number, floor: number) => (t: number) =>
      Math.round(perBusySecond * busy(t) + (floor * (t - node.readyMs)) / 1000);
    netRx.push(sample('node_network_receive_bytes_total', net, ...life, bytes(2.5e6, 40e3)));
    netTx.push(sample('node_network_transmit_bytes_total', net, ...life, bytes(3.5e6, 25e3)));
    const fs = { ...base, mountpoint: '/', device: '/dev/nvme0n1p1', fstype: 'xfs' };
    fsSize.push(sample('node_filesystem_size_bytes', fs, ...life, constant(node.diskBytes)));
    fsAvail.push(sample('node_filesystem_avail_bytes', fs, ...life, diskAvailable(node, node === topo.diskFillNode, seed, anchorMs)));
  }
  return [
    family('node_cpu_seconds_total', 'counter', 'Seconds the CPUs spent in each mode.', cpu),
    family('node_memory_MemAvailable_bytes', 'gauge', 'Memory information field MemAvailable_bytes.', memAvail),
    family('node_memory_MemTotal_bytes', 'gauge', 'Memory information field MemTotal_bytes.', memTotal),
    family('node_filesystem_avail_bytes', 'gauge', 'Filesystem space available to non-root users in bytes.', fsAvail),
    family('node_filesystem_size_bytes', 'gauge', 'Filesystem size in bytes.', fsSize),
    family('node_network_receive_bytes_total', 'counter', 'Network device statistic receive_bytes.', netRx),
    family('node_network_transmit_bytes_total', 'counter', 'Network device statistic transmit_bytes.', netTx),
  ];
}

/**
 * Root disk: images and logs with a daily log-rotation sawtooth. On the filling node, a runaway log grows ~3%/day so it
 * is at ~80% at the anchor and would reach 90% about three days later — something for a disk forecast to find.
 */
function diskAvailable(node: SimNode, filling: boolean, seed: number, anchorMs: number): (tMs: number) => number {
  const baseUsed = 0.18 + 0.1 * uniform(hashString(seed, node.name), 1);
  return (t) => {
    const dayPhase = (((t / DAY_MS) % 1) + 1) % 1;
    let used = baseUsed + 0.015 * dayPhase;
    if (filling) {used = Math.max(used, 0.8 + (0.03 * (t - anchorMs)) / DAY_MS + 0.01 * dayPhase);}
    used = Math.min(0.995, Math.max(0.05, used));
    return Math.round(node.diskBytes * (1 - used) / 4096) * 4096;
  };
}
