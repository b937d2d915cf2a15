// One run of one outlier job: query every feature over the training window, split the series into groups by the
// groupBy labels and into members by the member label, and judge each group with findGroupOutliers. A failing
// feature query or group is counted and logged; it never stops the other groups.
import type { JobStatus, Labels, OutlierGroupResult, OutlierMember } from '../api/contract.ts';
import { lastFinite } from '../forecasts/last-finite.ts';
import type { Logger } from '../forecasts/logger.ts';
import { forecastId, formatLabels } from '../forecasts/series-id.ts';
import { trainingRange } from '../forecasts/training-range.ts';
import { findGroupOutliers, MIN_GROUP_MEMBERS, type AugursOutlierEngine } from '../ml/outliers/index.ts';
import { labelsKey, type MetricSource } from '../sources/metric-source.ts';
import type { OutlierJobSpec } from './job-spec.ts';

export interface OutlierRunResult {
  results: OutlierGroupResult[];
  status: Pick<JobStatus, 'state' | 'series' | 'failedSeries' | 'error'>;
}

interface GroupData {
  labels: Labels;
  /** member id → feature → values on the query grid. */
  members: Map<string, Record<string, number[]>>;
}

export async function runOutlierJob(
  job: OutlierJobSpec,
  source: MetricSource,
  nowMs: number,
  augurs: AugursOutlierEngine,
  logger: Logger,
  signal?: AbortSignal
): Promise<OutlierRunResult> {
  const range = trainingRange(nowMs, job.stepMs, job.trainingWindowMs);
  const features = Object.keys(job.features);
  const answers = await Promise.allSettled(
    features.map((feature) => source.queryRange({ query: job.features[feature], ...range }, signal))
  );

  // Every source answers on the query's step grid (timestamps[i] = startMs + i × step).
  const timestamps: number[] = [];
  for (let t = range.startMs; t <= range.endMs; t += range.stepMs) {
    timestamps.push(t);
  }
  const groups = new Map<string, GroupData>();
  const problems: string[] = [];
  let failedFeatures = 0;
  answers.forEach((answer, f) => {
    const feature = features[f];
    if (answer.status === 'rejected') {
      failedFeatures += 1;
      problems.push(`feature "${feature}" query failed: ${(answer.reason as Error).message}`);
      logger.warn({ job: job.name, feature, err: answer.reason }, 'outlier feature query failed; judging without it');
      return;
    }
    let unlabelled = 0;
    for (const series of answer.value) {
      const member = series.labels[job.member];
      const groupLabels: Labels = {};
      for (const name of job.groupBy) {
        if (series.labels[name]) {
          groupLabels[name] = series.labels[name];
        }
      }
      if (!member || Object.keys(groupLabels).length !== job.groupBy.length) {
        unlabelled += 1; // e.g. a StatefulSet pod where the deployment label is derived from pod names
        continue;
      }
      const key = labelsKey(groupLabels);
      let group = groups.get(key);
      if (!group) {
        groups.set(key, (group = { labels: groupLabels, members: new Map() }));
      }
      const row = group.members.get(member) ?? {};
      group.members.set(member, row);
      if (row[feature]) {
        problems.push(
          `feature "${feature}" returned more than one series for ${formatLabels({ ...groupLabels, [job.member]: member })}; aggregate it by the groupBy and member labels`
        );
        continue;
      }
      row[feature] = series.values;
    }
    if (unlabelled > 0) {
      logger.info(
        { job: job.name, feature, unlabelled },
        `series without the ${[...job.groupBy, job.member].join('/')} labels were left out`
      );
    }
  });
  if (failedFeatures === features.length) {
    throw new Error(problems[0] ?? 'every feature query failed');
  }

  const results: OutlierGroupResult[] = [];
  let failed = 0;
  for (const group of groups.values()) {
    if (signal?.aborted) {
      break;
    }
    try {
      results.push(judgeGroup(job, group, timestamps, range.endMs, nowMs, augurs));
    } catch (error) {
      failed += 1;
      problems.push(`${formatLabels(group.labels)}: ${(error as Error).message}`);
      logger.warn(
        { job: job.name, group: formatLabels(group.labels), err: error },
        'outlier detection of one group failed'
      );
    }
    await new Promise((resolve) => setImmediate(resolve)); // let HTTP requests through between groups
  }
  const state =
    groups.size > 0 && failed === groups.size ? 'error' : failed > 0 || problems.length > 0 ? 'partial' : 'ok';
  return { results, status: { state, series: groups.size, failedSeries: failed, error: problems.at(-1) ?? null } };
}

function judgeGroup(
  job: OutlierJobSpec,
  group: GroupData,
  timestamps: number[],
  endMs: number,
  nowMs: number,
  augurs: AugursOutlierEngine
): OutlierGroupResult {
  const features = Object.keys(job.features);
  const windowStart = endMs - job.detectionWindowMs;
  const inWindow = timestamps.map((t) => t > windowStart);
  const ids = [...group.members.keys()].sort();
  // Every member takes part (its history shapes the group's typical spread), but only members with data in the
  // detection window are reported: a pod replaced yesterday is not a member any more.
  const result = findGroupOutliers(
    { timestamps, members: ids.map((id) => ({ id, features: group.members.get(id)! })) },
    augurs,
    {
      algorithm: job.algorithm,
      threshold: job.threshold,
      minRelativeDeviation: job.minRelativeDeviation,
      minDeviation: job.minDeviation,
    }
  );
  const members: OutlierMember[] = [];
  result.members.forEach((judged, i) => {
    const row = group.members.get(ids[i])!;
    const latest: Record<string, number | null> = {};
    let live = false;
    for (const feature of features) {
      const values = row[feature];
      const recent = values ? values.filter((_, k) => inWindow[k]) : [];
      latest[feature] = lastFinite(recent);
      live ||= latest[feature] !== null;
    }
    if (!live) {
      return;
    }
    const recent = judged.reasons.filter((r) => r.intervals.some((interval) => interval.end > windowStart));
    members.push({
      id: judged.id,
      labels: { ...group.labels, [job.member]: judged.id },
      outlying: recent.length > 0,
      score: judged.score,
      intervals: judged.intervals.map(({ start, end }) => ({ start, end })),
      reasons: recent.map((r) => ({
        feature: r.feature,
        direction: r.direction,
        value: r.value,
        groupMedian: r.groupMedian,
        // augurs gives no band for some samples (no majority cluster): the band then collapses to the median.
        bandLower: Number.isFinite(r.bandLower) ? r.bandLower : r.groupMedian,
        bandUpper: Number.isFinite(r.bandUpper) ? r.bandUpper : r.groupMedian,
        share: r.share,
        summary: r.summary,
      })),
      latest,
    });
  });
  members.sort((a, b) => Number(b.outlying) - Number(a.outlying) || b.score - a.score || a.id.localeCompare(b.id));
  const tooSmall = result.tooSmall || members.length < MIN_GROUP_MEMBERS;
  if (tooSmall) {
    for (const member of members) {
      Object.assign(member, { outlying: false, reasons: [] });
    }
  }
  return {
    id: forecastId(job.name, group.labels),
    job: job.name,
    title: `${job.title} ${formatLabels(group.labels)}`,
    groupLabels: group.labels,
    features,
    tooSmall,
    members,
    outlierCount: members.filter((m) => m.outlying).length,
    updatedAt: nowMs,
  };
}
