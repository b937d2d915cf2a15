import type {
  AnomalyDetail,
  AnomalyList,
  AnomalySummary,
  OutlierGroupResult,
  OutlierList,
  OutlierMember,
} from '../api/types';

const MIN = 60_000;

/** A contract-shaped anomaly summary; times are relative to `now`. */
export function anomalySummary(now: number, over: Partial<AnomalySummary> & { id: string }): AnomalySummary {
  return {
    job: 'container-cpu',
    title: 'Container CPU',
    unit: 'short',
    labels: { namespace: 'shop', pod: 'checkout-1' },
    current: 0.5,
    score: 0.05,
    anomalous: 0,
    bandLower: 0.3,
    bandUpper: 0.7,
    latestEvent: null,
    eventCount: 0,
    forecastId: null,
    threshold: 0.8,
    updatedAt: now - MIN,
    ...over,
  };
}

/** In the sidecar's severity order, which the page must keep (it is not sorted by score alone). */
export function anomalyList(now: number): AnomalyList {
  return {
    generatedAt: now,
    anomalies: [
      anomalySummary(now, {
        id: 'cpu-checkout',
        labels: { namespace: 'shop', pod: 'checkout-7d9' },
        current: 1.8,
        score: 0.93,
        anomalous: 1,
        bandLower: 0.4,
        bandUpper: 0.9,
        latestEvent: {
          kind: 'spike',
          direction: 'up',
          size: 3.2,
          start: now - 20 * MIN,
          end: now,
          ongoing: true,
          peakScore: 0.97,
          limitAt: null,
        },
        eventCount: 2,
        forecastId: 'container-cpu-abc',
      }),
      anomalySummary(now, {
        id: 'mem-leak',
        job: 'memory-leak',
        title: 'Container memory',
        unit: 'bytes',
        labels: { namespace: 'shop', pod: 'cart-0' },
        current: 1.5 * 2 ** 30,
        score: 0.97,
        anomalous: 1,
        bandLower: 2 ** 29,
        bandUpper: 2 ** 30,
        latestEvent: {
          kind: 'drift',
          direction: 'up',
          size: 1.4,
          start: now - 90 * MIN,
          end: now,
          ongoing: true,
          peakScore: 0.97,
          limitAt: now + 130 * MIN,
        },
        eventCount: 1,
      }),
      anomalySummary(now, {
        id: 'latency-api',
        job: 'p99-latency',
        title: 'p99 latency',
        unit: 's',
        labels: { service: 'api' },
        current: 0.21,
        score: 0.3,
        latestEvent: {
          kind: 'level_shift',
          direction: 'down',
          size: 1.5,
          start: now - 230 * MIN,
          end: now - 200 * MIN,
          ongoing: false,
          peakScore: 0.85,
          limitAt: null,
        },
        eventCount: 1,
      }),
      anomalySummary(now, { id: 'node-cpu-1', job: 'node-cpu', title: 'Node CPU', labels: { instance: 'node-1' } }),
    ],
  };
}

/** Five one-minute points; the last two are flagged (the spike). */
export function anomalyDetail(now: number): AnomalyDetail {
  const summary = anomalyList(now).anomalies[0];
  const t0 = now - 4 * MIN;
  const values = [0.5, 0.55, 0.6, 1.6, 1.8];
  const scores = [0.1, 0.1, 0.1, 0.93, 0.94];
  return {
    ...summary,
    stepSeconds: 60,
    points: values.map((v, i) => ({
      t: t0 + i * MIN,
      v,
      expected: 0.6,
      lower: 0.4,
      upper: 0.8,
      score: scores[i],
      isAnomaly: i >= 3,
    })),
    events: [
      {
        kind: 'dip',
        direction: 'down',
        size: 1.1,
        start: now - 180 * MIN,
        end: now - 170 * MIN,
        ongoing: false,
        peakScore: 0.82,
        limitAt: null,
      },
      summary.latestEvent!,
    ],
  };
}

function member(id: string, over: Partial<OutlierMember> = {}): OutlierMember {
  return {
    id,
    labels: { pod: id },
    outlying: false,
    score: 0,
    intervals: [],
    reasons: [],
    latest: { cpu: 0.4, memory: 600 * 2 ** 20, restarts: 0 },
    ...over,
  };
}

export function outlierGroup(now: number): OutlierGroupResult {
  return {
    id: 'pods-checkout',
    job: 'pod-outliers',
    title: 'Pods of shop/checkout',
    groupLabels: { namespace: 'shop', deployment: 'checkout' },
    features: ['cpu', 'memory', 'restarts'],
    tooSmall: false,
    members: [
      member('checkout-1'),
      member('checkout-2', {
        outlying: true,
        score: 0.6,
        intervals: [{ start: now - 50 * MIN, end: now - 10 * MIN }],
        reasons: [
          {
            feature: 'memory',
            direction: 'above',
            value: 2.1 * 2 ** 30,
            groupMedian: 620 * 2 ** 20,
            bandLower: 500 * 2 ** 20,
            bandUpper: 800 * 2 ** 20,
            share: 0.6,
            summary: 'memory 2.1 GiB, 3.5× the group median 620 MiB',
          },
        ],
        latest: { cpu: 0.5, memory: 2.1 * 2 ** 30, restarts: 3 },
      }),
      member('checkout-3'),
    ],
    outlierCount: 1,
    updatedAt: now - MIN,
  };
}

export function outlierList(now: number): OutlierList {
  return {
    generatedAt: now,
    groups: [
      outlierGroup(now),
      {
        id: 'nodes-gpu',
        job: 'node-outliers',
        title: 'Nodes of nodepool gpu',
        groupLabels: { nodepool: 'gpu' },
        features: ['cpu', 'memory'],
        tooSmall: true,
        members: [member('gpu-a'), member('gpu-b')],
        outlierCount: 0,
        updatedAt: now - MIN,
      },
    ],
  };
}
