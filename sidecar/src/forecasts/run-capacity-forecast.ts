// Karpenter capacity: forecast Pending pods and turn them into nodes needed at 15m, 30m and 1h.
import type { CapacityForecast } from '../api/contract.ts';
import { forecast, karpenterCapacity } from '../ml/index.ts';
import type { MetricSource } from '../sources/metric-source.ts';
import type { CapacitySpec } from './job-spec.ts';
import { lastFinite } from './last-finite.ts';
import { trainingRange } from './training-range.ts';

export const CAPACITY_HORIZON_MINUTES = [15, 30, 60];

export async function runCapacityForecast(
  spec: CapacitySpec,
  source: MetricSource,
  nowMs: number,
  signal?: AbortSignal
): Promise<CapacityForecast> {
  const range = trainingRange(nowMs, spec.stepMs, spec.trainingWindowMs);
  const endMs = range.endMs;
  const [pending, nodes] = await Promise.all([
    source.queryRange({ query: spec.pendingPodsQuery, ...range }, signal),
    source.queryRange({ query: spec.nodesQuery, startMs: endMs - 5 * spec.stepMs, endMs, stepMs: spec.stepMs }, signal),
  ]);
  if (pending.length === 0) {
    throw new Error(`pending pods query returned no series: ${spec.pendingPodsQuery}`);
  }
  // Pending pods are a count; an absent sample means none were pending (kube-state-metrics drops the series).
  const pendingValues = pending[0].values.map((v) => (Number.isFinite(v) ? v : 0));
  const steps = CAPACITY_HORIZON_MINUTES.map((minutes) => Math.max(1, Math.round((minutes * 60_000) / spec.stepMs)));
  const band = forecast(pendingValues, { horizon: Math.max(...steps), level: 0.95, seasonalPeriods: [] });
  const horizons = karpenterCapacity({ pendingPods: band, podsPerNode: spec.podsPerNode }, steps);

  return {
    nodepool: spec.nodepool,
    currentNodes: nodes.length > 0 ? lastFinite(nodes[0].values) : null,
    currentPendingPods: lastFinite(pending[0].values),
    podsPerNode: spec.podsPerNode,
    horizons: horizons.map((h, i) => ({
      minutes: CAPACITY_HORIZON_MINUTES[i],
      pendingPods: h.pendingPods,
      pendingPodsLower: h.pendingPodsLower,
      pendingPodsUpper: h.pendingPodsUpper,
      nodesNeeded: h.nodesNeeded,
      nodesNeededUpper: h.nodesNeededUpper,
    })),
    updatedAt: nowMs,
  };
}
