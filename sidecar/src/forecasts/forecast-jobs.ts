// Runs every forecast job on its own schedule and keeps the latest results in memory (and in the store), so requests
// and metric scrapes read a cache instead of recomputing. A failing job is reported in its status and retried on
// its next tick; it never stops the other jobs.
import type { CapacityForecast, ForecastDetail, ForecastList, ForecastSummary, JobStatus } from '../api/contract.ts';
import type { MetricSource } from '../sources/metric-source.ts';
import type { ForecastStore } from '../store/forecast-store.ts';
import type { ForecastReader } from './forecast-reader.ts';
import type { CapacitySpec, ForecastJobSpec } from './job-spec.ts';
import type { Logger } from './logger.ts';
import { runCapacityForecast } from './run-capacity-forecast.ts';
import { runForecastJob } from './run-forecast-job.ts';
import { pendingStatus } from './pending-status.ts';

export interface ForecastJobsOptions {
  jobs: ForecastJobSpec[];
  capacity?: CapacitySpec;
  source: MetricSource;
  store?: ForecastStore;
  logger: Logger;
  clock?: () => number;
  /** Called after every run of a job, e.g. to print the soonest exhaustions once at start-up. */
  onJobRun?: (status: JobStatus) => void;
}

const CAPACITY_JOB = 'karpenter-capacity';

export class ForecastJobs implements ForecastReader {
  private readonly results = new Map<string, ForecastDetail>();
  private readonly statuses = new Map<string, JobStatus>();
  private capacityResults: CapacityForecast[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<JobStatus>>();
  private readonly abort = new AbortController();
  private readonly clock: () => number;
  private readonly options: ForecastJobsOptions;

  constructor(options: ForecastJobsOptions) {
    this.options = options;
    this.clock = options.clock ?? Date.now;
    for (const job of options.jobs) {
      this.statuses.set(job.name, pendingStatus(job.name, job.title, job.query));
    }
    if (options.capacity) {
      this.statuses.set(CAPACITY_JOB, pendingStatus(CAPACITY_JOB, 'Karpenter capacity', options.capacity.pendingPodsQuery));
    }
    // Serve the last stored results until the first runs finish, so a restart does not blank the pages.
    for (const detail of options.store?.loadForecasts() ?? []) {
      if (this.statuses.has(detail.job)) {
        this.results.set(detail.id, detail);
      }
    }
    this.capacityResults = options.store?.loadCapacity() ?? [];
  }

  /** Run every job now, then each again after its refresh interval. */
  start(): void {
    for (const job of this.options.jobs) {
      this.schedule(job.name, 0, job.refreshIntervalMs, () => this.runJob(job.name));
    }
    const capacity = this.options.capacity;
    if (capacity) {
      this.schedule(CAPACITY_JOB, 0, capacity.refreshIntervalMs, () => this.runCapacity());
    }
  }

  /** Stop scheduling, abort queries under way and wait for running jobs to settle. */
  async stop(): Promise<void> {
    for (const timer of this.timers.values()) {
      clearTimeout(timer);
    }
    this.timers.clear();
    this.abort.abort();
    await Promise.allSettled(this.running.values());
  }

  /** Run one job now (a second call while it runs joins the first instead of running it twice). */
  runJob(name: string): Promise<JobStatus> {
    const job = this.options.jobs.find((candidate) => candidate.name === name);
    if (!job) {
      return Promise.reject(new Error(`unknown forecast job "${name}"`));
    }
    return this.once(name, async () => {
      const now = this.clock();
      const run = await runForecastJob(job, this.options.source, now, this.options.logger, this.abort.signal);
      for (const [id, detail] of this.results) {
        if (detail.job === name) {
          this.results.delete(id);
        }
      }
      for (const detail of run.results) {
        this.results.set(detail.id, detail);
      }
      this.options.store?.saveJobResults(name, run.results);
      return run.status;
    });
  }

  runCapacity(): Promise<JobStatus> {
    const spec = this.options.capacity;
    if (!spec) {
      return Promise.reject(new Error('no capacity forecast is configured'));
    }
    return this.once(CAPACITY_JOB, async () => {
      const result = await runCapacityForecast(spec, this.options.source, this.clock(), this.abort.signal);
      this.capacityResults = [result];
      this.options.store?.saveCapacity(this.capacityResults);
      return { state: 'ok', series: 1, failedSeries: 0, error: null };
    });
  }

  list(): ForecastList {
    const now = this.clock();
    const forecasts = [...this.results.values()].map((detail) => summarize(detail, now)).sort(bySoonestCrossing);
    return { generatedAt: now, forecasts };
  }

  get(id: string): ForecastDetail | undefined {
    const detail = this.results.get(id);
    return detail && { ...detail, ...summarize(detail, this.clock()) };
  }

  jobs(): JobStatus[] {
    return [...this.statuses.values()];
  }

  capacity(): CapacityForecast[] {
    return this.capacityResults;
  }

  ready(): boolean {
    return [...this.statuses.values()].every((status) => status.lastRunAt !== null);
  }

  /** Every current forecast with its full detail, for the metrics exporter. */
  details(): Iterable<ForecastDetail> {
    return this.results.values();
  }

  private schedule(name: string, delayMs: number, intervalMs: number, run: () => Promise<JobStatus>): void {
    const timer = setTimeout(() => {
      run()
        .catch(() => undefined) // the status already holds the error
        .finally(() => {
          if (!this.abort.signal.aborted) {
            this.schedule(name, intervalMs, intervalMs, run);
          }
        });
    }, delayMs);
    timer.unref();
    this.timers.set(name, timer);
    const status = this.statuses.get(name);
    if (status) {
      status.nextRunAt = this.clock() + delayMs;
    }
  }

  private once(name: string, work: () => Promise<Pick<JobStatus, 'state' | 'series' | 'failedSeries' | 'error'>>) {
    const under = this.running.get(name);
    if (under) {
      return under;
    }
    const started = this.clock();
    const promise = work()
      .catch((error: Error): Pick<JobStatus, 'state' | 'series' | 'failedSeries' | 'error'> => {
        this.options.logger.error({ job: name, err: error }, 'forecast job failed');
        return { state: 'error', series: 0, failedSeries: 0, error: error.message };
      })
      .then((outcome) => {
        const status = this.statuses.get(name)!;
        Object.assign(status, outcome, { lastRunAt: started, lastDurationMs: this.clock() - started });
        this.options.logger.info(
          { job: name, state: status.state, series: status.series, failed: status.failedSeries, ms: status.lastDurationMs },
          'forecast job ran'
        );
        this.options.onJobRun?.(status);
        return status;
      })
      .finally(() => this.running.delete(name));
    this.running.set(name, promise);
    return promise;
  }
}

function summarize(detail: ForecastDetail, now: number): ForecastSummary {
  const at = detail.crossing?.at ?? null;
  return {
    id: detail.id,
    job: detail.job,
    title: detail.title,
    unit: detail.unit,
    labels: detail.labels,
    current: detail.current,
    model: detail.model,
    mase: detail.mase,
    threshold: detail.threshold,
    crossing: detail.crossing,
    secondsToThreshold: at === null ? null : Math.max(0, (at - now) / 1000),
    horizonSeconds: detail.horizonSeconds,
    level: detail.level,
    updatedAt: detail.updatedAt,
  };
}

/** Soonest crossing first; series without a crossing after, in a stable order by job then id. */
function bySoonestCrossing(a: ForecastSummary, b: ForecastSummary): number {
  const ta = a.crossing?.at ?? Infinity;
  const tb = b.crossing?.at ?? Infinity;
  if (ta !== tb) {
    return ta - tb;
  }
  return a.job === b.job ? a.id.localeCompare(b.id) : a.job.localeCompare(b.job);
}
