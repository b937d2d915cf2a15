// Runs every anomaly and outlier job on its own schedule and keeps the latest results in memory, so requests and
// metric scrapes read a cache. A failing job is reported in its status and retried on its next tick; it never
// stops the other jobs (the same contract as ForecastJobs).
import type {
  AnomalyDetail,
  AnomalyList,
  AnomalySummary,
  JobStatus,
  OutlierGroupResult,
  OutlierList,
} from '../api/contract.ts';
import type { ForecastJobSpec } from '../forecasts/job-spec.ts';
import type { Logger } from '../forecasts/logger.ts';
import type { AugursOutlierEngine } from '../ml/outliers/index.ts';
import { loadAugursOutlier } from '../outliers/augurs-wasm.ts';
import type { MetricSource } from '../sources/metric-source.ts';
import type { DetectionReader } from './detection-reader.ts';
import type { AnomalyJobSpec, OutlierJobSpec } from './job-spec.ts';
import { runAnomalyJob } from './run-anomaly-job.ts';
import { runOutlierJob } from './run-outlier-job.ts';
import { pendingStatus } from '../forecasts/pending-status.ts';

export interface DetectionJobsOptions {
  anomalyJobs: AnomalyJobSpec[];
  outlierJobs: OutlierJobSpec[];
  source: MetricSource;
  logger: Logger;
  clock?: () => number;
  /**
   * The forecast jobs, to link each anomaly series to the forecast of the same series: an anomaly job's
   * `forecastJob`, else the forecast job with the same query (whitespace aside), with identical series labels.
   */
  forecastJobs?: ForecastJobSpec[];
  /** Whether a forecast with this id exists now; a link is only given to a forecast that exists. */
  forecastExists?: (id: string) => boolean;
  /** augurs' outlier module; loaded from its WASM on the first outlier run when not given. */
  augurs?: () => AugursOutlierEngine;
  onJobRun?: (kind: 'anomaly' | 'outlier', status: JobStatus) => void;
}

type Outcome = Pick<JobStatus, 'state' | 'series' | 'failedSeries' | 'error'>;

const normalise = (query: string) => query.replace(/\s+/g, ' ').trim();

export class DetectionJobs implements DetectionReader {
  private readonly anomalyResults = new Map<string, AnomalyDetail>();
  private readonly outlierResults = new Map<string, OutlierGroupResult>();
  private readonly statuses = { anomaly: new Map<string, JobStatus>(), outlier: new Map<string, JobStatus>() };
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<JobStatus>>();
  private readonly abort = new AbortController();
  private readonly clock: () => number;
  private readonly options: DetectionJobsOptions;
  private readonly forecastJobOf = new Map<string, string | null>();

  constructor(options: DetectionJobsOptions) {
    this.options = options;
    this.clock = options.clock ?? Date.now;
    for (const job of options.anomalyJobs) {
      this.statuses.anomaly.set(job.name, pendingStatus(job.name, job.title, job.query));
      const byQuery = options.forecastJobs?.find((f) => normalise(f.query) === normalise(job.query));
      this.forecastJobOf.set(job.name, job.forecastJob ?? byQuery?.name ?? null);
    }
    for (const job of options.outlierJobs) {
      const queries = Object.entries(job.features).map(([feature, query]) => `${feature}: ${query}`);
      this.statuses.outlier.set(job.name, pendingStatus(job.name, job.title, queries.join('\n')));
    }
  }

  /** Run every job now, then each again after its refresh interval. */
  start(): void {
    for (const job of this.options.anomalyJobs) {
      this.schedule('anomaly', job.name, 0, job.refreshIntervalMs, () => this.runAnomalyJob(job.name));
    }
    for (const job of this.options.outlierJobs) {
      this.schedule('outlier', job.name, 0, job.refreshIntervalMs, () => this.runOutlierJob(job.name));
    }
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
    this.abort.abort();
    await Promise.allSettled(this.running.values());
  }

  runAnomalyJob(name: string): Promise<JobStatus> {
    const job = this.options.anomalyJobs.find((candidate) => candidate.name === name);
    if (!job) {
      return Promise.reject(new Error(`unknown anomaly job "${name}"`));
    }
    return this.once('anomaly', name, async () => {
      const run = await runAnomalyJob(job, this.options.source, this.clock(), this.options.logger, {
        signal: this.abort.signal,
        forecastJob: this.forecastJobOf.get(name) ?? null,
      });
      replaceJobResults(this.anomalyResults, name, run.results);
      return run.status;
    });
  }

  runOutlierJob(name: string): Promise<JobStatus> {
    const job = this.options.outlierJobs.find((candidate) => candidate.name === name);
    if (!job) {
      return Promise.reject(new Error(`unknown outlier job "${name}"`));
    }
    return this.once('outlier', name, async () => {
      const augurs = (this.options.augurs ?? loadAugursOutlier)();
      const run = await runOutlierJob(
        job,
        this.options.source,
        this.clock(),
        augurs,
        this.options.logger,
        this.abort.signal
      );
      replaceJobResults(this.outlierResults, name, run.results);
      return run.status;
    });
  }

  /**
   * Most severe first: series with an open event, by current score then the event's peak; then series whose
   * latest event has closed within the detection window, most recent first; then the rest by score.
   */
  anomalies(): AnomalyList {
    const anomalies = [...this.anomalyResults.values()].map((detail) => this.summarize(detail)).sort(bySeverity);
    return { generatedAt: this.clock(), anomalies };
  }

  anomaly(id: string): AnomalyDetail | undefined {
    const detail = this.anomalyResults.get(id);
    return detail && { ...detail, forecastId: this.linkedForecast(detail) };
  }

  outliers(): OutlierList {
    const groups = [...this.outlierResults.values()].sort(
      (a, b) => b.outlierCount - a.outlierCount || a.job.localeCompare(b.job) || a.title.localeCompare(b.title)
    );
    return { generatedAt: this.clock(), groups };
  }

  outlierGroup(id: string): OutlierGroupResult | undefined {
    return this.outlierResults.get(id);
  }

  anomalyJobs(): JobStatus[] {
    return [...this.statuses.anomaly.values()];
  }

  outlierJobs(): JobStatus[] {
    return [...this.statuses.outlier.values()];
  }

  ready(): boolean {
    return [...this.anomalyJobs(), ...this.outlierJobs()].every((status) => status.lastRunAt !== null);
  }

  /** Every current anomaly series with its detail, for the metrics exporter. */
  anomalyDetails(): Iterable<AnomalyDetail> {
    return this.anomalyResults.values();
  }

  private linkedForecast(detail: AnomalyDetail): string | null {
    const candidate = detail.forecastId;
    if (candidate === null) {
      return null;
    }
    return !this.options.forecastExists || this.options.forecastExists(candidate) ? candidate : null;
  }

  private summarize(detail: AnomalyDetail): AnomalySummary {
    const { stepSeconds: _step, points: _points, events: _events, ...summary } = detail;
    return { ...summary, forecastId: this.linkedForecast(detail) };
  }

  private schedule(
    kind: 'anomaly' | 'outlier',
    name: string,
    delayMs: number,
    intervalMs: number,
    run: () => Promise<JobStatus>
  ) {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run()
        .catch(() => undefined) // the status already holds the error
        .finally(() => {
          if (!this.abort.signal.aborted) {
            this.schedule(kind, name, intervalMs, intervalMs, run);
          }
        });
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
    this.statuses[kind].get(name)!.nextRunAt = this.clock() + delayMs;
  }

  private once(kind: 'anomaly' | 'outlier', name: string, work: () => Promise<Outcome>): Promise<JobStatus> {
    const key = `${kind}/${name}`;
    const under = this.running.get(key);
    if (under) {
      return under;
    }
    const started = this.clock();
    const promise = work()
      .catch((error: Error): Outcome => {
        this.options.logger.error({ job: name, kind, err: error }, `${kind} job failed`);
        return { state: 'error', series: 0, failedSeries: 0, error: error.message };
      })
      .then((outcome) => {
        const status = this.statuses[kind].get(name)!;
        Object.assign(status, outcome, { lastRunAt: started, lastDurationMs: this.clock() - started });
        this.options.logger.info(
          {
            job: name,
            kind,
            state: status.state,
            series: status.series,
            failed: status.failedSeries,
            ms: status.lastDurationMs,
          },
          `${kind} job ran`
        );
        this.options.onJobRun?.(kind, status);
        return status;
      })
      .finally(() => this.running.delete(key));
    this.running.set(key, promise);
    return promise;
  }
}

function replaceJobResults<T extends { id: string; job: string }>(results: Map<string, T>, job: string, fresh: T[]) {
  for (const [id, result] of results) {
    if (result.job === job) {
      results.delete(id);
    }
  }
  for (const result of fresh) {
    results.set(result.id, result);
  }
}

function tier(a: AnomalySummary): number {
  if (a.latestEvent?.ongoing) {
    return 0;
  }
  return a.eventCount > 0 ? 1 : 2;
}

export function bySeverity(a: AnomalySummary, b: AnomalySummary): number {
  const ta = tier(a);
  const tb = tier(b);
  if (ta !== tb) {
    return ta - tb;
  }
  if (ta === 0 && a.score !== b.score) {
    return b.score - a.score;
  }
  if (ta === 1 && a.latestEvent!.end !== b.latestEvent!.end) {
    return b.latestEvent!.end - a.latestEvent!.end;
  }
  const peak = (b.latestEvent?.peakScore ?? 0) - (a.latestEvent?.peakScore ?? 0);
  if (peak !== 0) {
    return peak;
  }
  if (a.score !== b.score) {
    return b.score - a.score;
  }
  return a.job === b.job ? a.id.localeCompare(b.id) : a.job.localeCompare(b.job);
}
