// One run of one anomaly job: query the training and detection windows together, feed every series through the
// causal detector from its oldest point on, and report the detection window. A series that fails is counted and
// logged; it never stops the others.
import type { AnomalyDetail, AnomalyEvent, AnomalyPoint, JobStatus } from '../api/contract.ts';
import type { Logger } from '../forecasts/logger.ts';
import { seasonalPeriodsInSteps } from '../forecasts/seasonal-periods.ts';
import { forecastId, formatLabels } from '../forecasts/series-id.ts';
import { trainingRange } from '../forecasts/training-range.ts';
import { detectAnomalies } from '../ml/index.ts';
import { lastFinite } from '../forecasts/last-finite.ts';
import { isStale, latestValueFor, queryLatestValues, type LatestValues } from '../sources/latest-values.ts';
import type { MetricSource, Series } from '../sources/metric-source.ts';
import type { AnomalyJobSpec } from './job-spec.ts';

export interface AnomalyRunResult {
  results: AnomalyDetail[];
  status: Pick<JobStatus, 'state' | 'series' | 'failedSeries' | 'error'>;
}

/** The last finite value of each limit series by labels, and the value of a single-series limit query. */

export async function runAnomalyJob(
  job: AnomalyJobSpec,
  source: MetricSource,
  nowMs: number,
  logger: Logger,
  options: { signal?: AbortSignal; forecastJob?: string | null } = {}
): Promise<AnomalyRunResult> {
  const { signal } = options;
  const range = trainingRange(nowMs, job.stepMs, job.trainingWindowMs + job.detectionWindowMs);
  const series = await source.queryRange({ query: job.query, ...range }, signal);

  let limitError: string | null = null;
  let limits: LatestValues | null = null;
  if (job.limit?.source === 'query') {
    try {
      limits = await queryLatestValues(job.limit.query, source, range.endMs, job.stepMs, signal);
    } catch (error) {
      limitError = `limit query failed: ${(error as Error).message}`;
      logger.warn({ job: job.name, err: error }, 'anomaly limit query failed; detecting without limits');
    }
  }

  const results: AnomalyDetail[] = [];
  let failed = 0;
  let stale = 0;
  let lastFailure: string | null = null;
  for (const one of series) {
    if (signal?.aborted) {
      break;
    }
    if (isStale(one)) {
      stale += 1; // a pod replaced by a rollout, a node scaled away: nothing is happening to it now
      continue;
    }
    try {
      const limit = job.limit === null ? null : job.limit.source === 'static' ? job.limit.value : latestValueFor(one.labels, limits);
      results.push(detectOneSeries(job, one, limit, nowMs, range.endMs, options.forecastJob ?? null));
    } catch (error) {
      failed += 1;
      lastFailure = `${formatLabels(one.labels)}: ${(error as Error).message}`;
      logger.warn(
        { job: job.name, series: formatLabels(one.labels), err: error },
        'anomaly detection of one series failed'
      );
    }
    // Detection is synchronous CPU work: yield between series so HTTP requests are served meanwhile.
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (stale > 0) {
    logger.info({ job: job.name, stale }, 'skipped series that stopped reporting before the end of the window');
  }
  const live = series.length - stale;
  const state = live > 0 && failed === live ? 'error' : failed > 0 || limitError ? 'partial' : 'ok';
  return { results, status: { state, series: live, failedSeries: failed, error: lastFailure ?? limitError } };
}

const orNull = (x: number) => (Number.isFinite(x) ? x : null);

/** Scores one series over its whole range (causally) and keeps the detection window. */
export function detectOneSeries(
  job: AnomalyJobSpec,
  series: Series,
  limit: number | null,
  nowMs: number,
  endMs: number,
  forecastJob: string | null
): AnomalyDetail {
  const firstKnown = series.values.findIndex((v) => Number.isFinite(v));
  if (firstKnown < 0) {
    throw new Error('no finite samples in the training and detection windows');
  }
  const values = series.values.slice(firstKnown);
  const timestamps = series.timestamps.slice(firstKnown);
  const result = detectAnomalies(timestamps, values, {
    threshold: job.sensitivity,
    // No seasonality configured: the detector offers a day and a week itself (those the data support).
    seasonalPeriods: job.seasonalityMs.length > 0 ? seasonalPeriodsInSteps(job.stepMs, job.seasonalityMs) : undefined,
    limit: limit ?? undefined,
  });

  const windowStart = endMs - job.detectionWindowMs;
  const points: AnomalyPoint[] = [];
  timestamps.forEach((t, i) => {
    if (t > windowStart) {
      const p = result.points[i];
      points.push({
        t,
        v: orNull(values[i]),
        expected: orNull(p.expected),
        lower: orNull(p.lower),
        upper: orNull(p.upper),
        score: Number.isFinite(p.score) ? p.score : 0,
        isAnomaly: p.isAnomaly,
      });
    }
  });
  const events: AnomalyEvent[] = result.events.filter((e) => e.end > windowStart).map((e) => ({ ...e }));
  const last = points.at(-1) ?? null;
  const open = events.filter((e) => e.ongoing).sort((a, b) => b.peakScore - a.peakScore)[0];
  const anomalous =
    last && last.v !== null && last.upper !== null && last.v > last.upper
      ? 1
      : last && last.v !== null && last.lower !== null && last.v < last.lower
        ? -1
        : 0;

  return {
    id: forecastId(job.name, series.labels),
    job: job.name,
    title: `${job.title} ${formatLabels(series.labels)}`,
    unit: job.unit,
    labels: series.labels,
    current: lastFinite(points.map((p) => p.v ?? NaN)),
    score: last?.score ?? 0,
    anomalous,
    bandLower: last?.lower ?? null,
    bandUpper: last?.upper ?? null,
    latestEvent: open ?? events.at(-1) ?? null,
    eventCount: events.length,
    // Resolved against the forecasts that exist when read (see DetectionJobs.list); here: the candidate.
    forecastId: forecastJob === null ? null : forecastId(forecastJob, series.labels),
    threshold: job.sensitivity,
    updatedAt: nowMs,
    stepSeconds: job.stepMs / 1000,
    points,
    events,
  };
}
