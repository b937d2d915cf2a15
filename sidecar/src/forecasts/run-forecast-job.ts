// One run of one forecast job: query the training window, forecast every series, find threshold crossings.
// A series that fails is counted and logged; it never stops the others.
import type { ForecastDetail, JobStatus, Labels } from '../api/contract.ts';
import { forecast, timeToThreshold } from '../ml/index.ts';
import { lastFinite } from './last-finite.ts';
import { isStale, latestValueFor, queryLatestValues, type LatestValues } from '../sources/latest-values.ts';
import type { MetricSource, Series } from '../sources/metric-source.ts';
import type { ForecastJobSpec, ThresholdSpec } from './job-spec.ts';
import { forecastId, formatLabels } from './series-id.ts';
import { trainingRange } from './training-range.ts';
import { DEFAULT_SEASONALITY_MS, seasonalPeriodsInSteps } from './seasonal-periods.ts';
import type { Logger } from './logger.ts';

export interface JobRunResult {
  results: ForecastDetail[];
  status: Pick<JobStatus, 'state' | 'series' | 'failedSeries' | 'error'>;
}

/** The last finite value of each threshold series, keyed by its labels. */

export async function runForecastJob(
  job: ForecastJobSpec,
  source: MetricSource,
  nowMs: number,
  logger: Logger,
  signal?: AbortSignal
): Promise<JobRunResult> {
  const range = trainingRange(nowMs, job.stepMs, job.trainingWindowMs);
  const endMs = range.endMs;
  const series = await source.queryRange({ query: job.query, ...range }, signal);

  let thresholdError: string | null = null;
  let thresholds: LatestValues | null = null;
  if (job.threshold?.source === 'query') {
    try {
      thresholds = await queryLatestValues(job.threshold.query, source, endMs, job.stepMs, signal);
    } catch (error) {
      thresholdError = `threshold query failed: ${(error as Error).message}`;
      logger.warn({ job: job.name, err: error }, 'forecast threshold query failed; forecasting without thresholds');
    }
  }

  const results: ForecastDetail[] = [];
  let failed = 0;
  let stale = 0;
  let lastFailure: string | null = null;
  for (const one of series) {
    if (signal?.aborted) {
      break;
    }
    if (isStale(one)) {
      stale += 1; // a pod replaced by a rollout, a node scaled away: nothing left to forecast
      continue;
    }
    try {
      results.push(forecastOneSeries(job, one, thresholdFor(job.threshold, one.labels, thresholds), nowMs));
    } catch (error) {
      failed += 1;
      lastFailure = `${formatLabels(one.labels)}: ${(error as Error).message}`;
      logger.warn({ job: job.name, series: formatLabels(one.labels), err: error }, 'forecast of one series failed');
    }
    // Forecasting is synchronous CPU work: yield between series so HTTP requests are served meanwhile.
    await new Promise((resolve) => setImmediate(resolve));
  }

  if (stale > 0) {
    logger.info({ job: job.name, stale }, 'skipped series that stopped reporting before the end of the window');
  }
  const live = series.length - stale;
  const state = live > 0 && failed === live ? 'error' : failed > 0 || thresholdError ? 'partial' : 'ok';
  return {
    results,
    status: { state, series: live, failedSeries: failed, error: lastFailure ?? thresholdError },
  };
}

function thresholdFor(spec: ThresholdSpec | null, labels: Labels, values: LatestValues | null): number | null {
  if (!spec) {
    return null;
  }
  if (spec.source === 'static') {
    return spec.value;
  }
  return latestValueFor(labels, values);
}

export function forecastOneSeries(
  job: ForecastJobSpec,
  series: Series,
  threshold: number | null,
  nowMs: number
): ForecastDetail {
  const firstKnown = series.values.findIndex((v) => Number.isFinite(v));
  if (firstKnown < 0) {
    throw new Error('no finite samples in the training window');
  }
  const values = series.values.slice(firstKnown);
  const timestamps = series.timestamps.slice(firstKnown);
  const horizon = Math.max(1, Math.ceil(job.horizonMs / job.stepMs));
  const seasonalPeriods = seasonalPeriodsInSteps(
    job.stepMs,
    job.seasonalityMs.length > 0 ? job.seasonalityMs : DEFAULT_SEASONALITY_MS
  );

  const result = forecast(values, { horizon, level: job.level, seasonalPeriods });
  const lastT = timestamps[timestamps.length - 1];
  const stepToTime = (step: number | null) => (step === null ? null : Math.round(lastT + step * job.stepMs));
  const crossing =
    threshold === null ? null : timeToThreshold(result, threshold, job.threshold?.direction ?? 'above');
  const crossingTimes = crossing && {
    at: stepToTime(crossing.step),
    earliest: stepToTime(crossing.earliestStep),
    latest: stepToTime(crossing.latestStep),
  };

  return {
    id: forecastId(job.name, series.labels),
    job: job.name,
    title: `${job.title} ${formatLabels(series.labels)}`,
    unit: job.unit,
    labels: series.labels,
    current: lastFinite(values),
    model: result.model,
    mase: Number.isFinite(result.mase) ? result.mase : null,
    threshold:
      threshold === null || !job.threshold
        ? null
        : { value: threshold, direction: job.threshold.direction, source: job.threshold.source },
    crossing: crossingTimes,
    secondsToThreshold: crossingTimes?.at == null ? null : Math.max(0, (crossingTimes.at - nowMs) / 1000),
    horizonSeconds: (horizon * job.stepMs) / 1000,
    level: job.level,
    updatedAt: nowMs,
    stepSeconds: job.stepMs / 1000,
    actual: timestamps.map((t, i) => ({ t, v: Number.isFinite(values[i]) ? values[i] : null })),
    forecast: result.yhat.map((yhat, i) => ({
      t: lastT + (i + 1) * job.stepMs,
      yhat,
      lower: result.lower[i],
      upper: result.upper[i],
    })),
    backtest: result.backtest.map((score) => ({ model: score.model, mase: score.mase })),
  };
}
