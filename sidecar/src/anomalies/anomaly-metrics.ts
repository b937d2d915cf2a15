// Anomalies and outliers as Prometheus metrics, so ordinary alert rules can fire on them
// (e.g. prophet_anomalous{anomaly_job="http-latency-p99"} == 1 for 10m, prophet_outlier == 1 for 15m).
import type { Registry } from 'prom-client';
import type { AnomalyDetail, JobStatus, Labels, OutlierGroupResult } from '../api/contract.ts';
import { registerCollectedGauge, type GaugeSample } from '../forecasts/collected-gauge.ts';

export interface DetectionMetricsSource {
  anomalyDetails(): Iterable<AnomalyDetail>;
  outliers(): { groups: OutlierGroupResult[] };
  anomalyJobs(): JobStatus[];
  outlierJobs(): JobStatus[];
}

// Labels Prometheus sets on scrape, or that we set: a series label with one of these names is exported as
// exported_<name>, the way Prometheus itself renames clashing labels.
const RESERVED = new Set([
  'job',
  'instance',
  '__name__',
  'anomaly_job',
  'series_id',
  'outlier_job',
  'group_id',
  'member',
]);

function exported(labels: Labels): Labels {
  const out: Labels = {};
  for (const [name, value] of Object.entries(labels)) {
    out[RESERVED.has(name) ? `exported_${name}` : name] = value;
  }
  return out;
}

export function anomalySeriesLabels(detail: AnomalyDetail): Labels {
  return { ...exported(detail.labels), anomaly_job: detail.job, series_id: detail.id };
}

/** Per member: the group's labels, the member, the job and the group id. */
export function outlierMemberLabels(group: OutlierGroupResult, member: string): Labels {
  return { ...exported(group.groupLabels), outlier_job: group.job, group_id: group.id, member };
}

/** 1 when the member is outlying at the latest sample (an outlying interval reaches it), else 0. */
export function outlyingNow(group: OutlierGroupResult, member: OutlierGroupResult['members'][number], stepMs: number) {
  if (!member.outlying) {
    return 0;
  }
  const lastEnd = Math.max(...member.intervals.map((i) => i.end));
  return lastEnd >= group.updatedAt - 2 * stepMs ? 1 : 0;
}

export function registerDetectionMetrics(
  registry: Registry,
  source: DetectionMetricsSource,
  stepMsOf: (outlierJob: string) => number = () => 300_000
): void {
  const perSeries = (value: (detail: AnomalyDetail) => number | null) => (): GaugeSample[] => {
    const samples: GaugeSample[] = [];
    for (const detail of source.anomalyDetails()) {
      const v = value(detail);
      if (v !== null) {
        samples.push({ labels: anomalySeriesLabels(detail), value: v });
      }
    }
    return samples;
  };
  registerCollectedGauge(
    registry,
    'prophet_anomaly_score',
    'Anomaly score of the latest point, 0-1 (causal).',
    perSeries((d) => d.score)
  );
  registerCollectedGauge(
    registry,
    'prophet_anomalous',
    'Latest point against the dynamic band: 1 above it, -1 below it, 0 inside.',
    perSeries((d) => d.anomalous)
  );
  registerCollectedGauge(
    registry,
    'prophet_band_lower',
    'Lower edge of the dynamic band at the latest point.',
    perSeries((d) => d.bandLower)
  );
  registerCollectedGauge(
    registry,
    'prophet_band_upper',
    'Upper edge of the dynamic band at the latest point.',
    perSeries((d) => d.bandUpper)
  );
  registerCollectedGauge(
    registry,
    'prophet_anomaly_threshold',
    'Score at or above which a point is anomalous.',
    perSeries((d) => d.threshold)
  );

  const perMember =
    (value: (group: OutlierGroupResult, member: OutlierGroupResult['members'][number]) => number) =>
    (): GaugeSample[] =>
      source
        .outliers()
        .groups.flatMap((group) =>
          group.tooSmall
            ? []
            : group.members.map((member) => ({
                labels: outlierMemberLabels(group, member.id),
                value: value(group, member),
              }))
        );
  registerCollectedGauge(
    registry,
    'prophet_outlier',
    '1 when the member is an outlier of its group at the latest sample, else 0.',
    perMember((group, member) => outlyingNow(group, member, stepMsOf(group.job)))
  );
  registerCollectedGauge(
    registry,
    'prophet_outlier_score',
    "Share of the member's samples in the window at which it was outlying on any feature, 0-1.",
    perMember((_group, member) => member.score)
  );

  const perJob =
    (jobs: () => JobStatus[], label: string, value: (status: JobStatus) => number | null) => (): GaugeSample[] =>
      jobs().flatMap((status) => {
        const v = value(status);
        return v === null ? [] : [{ labels: { [label]: status.name }, value: v }];
      });
  const up = (s: JobStatus) => (s.state === 'pending' ? null : s.state === 'error' ? 0 : 1);
  registerCollectedGauge(
    registry,
    'prophet_anomaly_job_up',
    '1 when the anomaly job last ran without error, else 0.',
    perJob(() => source.anomalyJobs(), 'anomaly_job', up)
  );
  registerCollectedGauge(
    registry,
    'prophet_anomaly_job_series',
    'Series the anomaly job last scored.',
    perJob(
      () => source.anomalyJobs(),
      'anomaly_job',
      (s) => s.series
    )
  );
  registerCollectedGauge(
    registry,
    'prophet_outlier_job_up',
    '1 when the outlier job last ran without error, else 0.',
    perJob(() => source.outlierJobs(), 'outlier_job', up)
  );
  registerCollectedGauge(
    registry,
    'prophet_outlier_job_groups',
    'Groups the outlier job last judged.',
    perJob(
      () => source.outlierJobs(),
      'outlier_job',
      (s) => s.series
    )
  );
}
