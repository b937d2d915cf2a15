// Runs every SLO on a schedule against the metric source — per-step request and error counts over the SLO window
// (see sli-queries.ts for how the queries are derived) — computes status, exhaustion forecast and budget history,
// and caches them, so requests and metric scrapes read memory. A failing SLO is reported in its own state and
// retried on the next round; it never stops the others.
import type { SloDetail, SloList, SloSummary } from '../api/contract.ts';
import type { Logger } from '../forecasts/logger.ts';
import { periodBounds, type ExhaustionOptions } from '../ml/index.ts';
import { generateRules } from '../slo/rules.ts';
import { formatSloIssue, sloId, type SloSpec } from '../slo/spec.ts';
import type { MetricSource } from '../sources/metric-source.ts';
import { mathSpec, pendingDetail, sloDetail, sloFigures } from './evaluate.ts';
import type { SloReader } from './slo-reader.ts';
import { querySliCounts } from './sli-queries.ts';

const DAY_MS = 86_400_000;

export interface SloJobsOptions {
  slos: SloSpec[];
  /** SLO id → where it came from (config file, SLO file, "defaults"). */
  sourceOf?: Record<string, string>;
  source: MetricSource;
  logger: Logger;
  clock?: () => number;
  /** Query step (default 5m: the shortest burn-rate window). */
  stepMs?: number;
  /** How often every SLO is recomputed (default 5m). */
  refreshIntervalMs?: number;
  /** History queried for the forecast engine beyond the window, at least (default 28d, the engine's default). */
  forecastHistoryMs?: number;
  exhaustion?: ExhaustionOptions;
  /** For the generated rules: the period groups' evaluation interval and the header's sources. */
  rules?: { periodInterval?: string; sources?: string[] };
}

export class SloJobs implements SloReader {
  private readonly details = new Map<string, SloDetail>();
  private readonly ran = new Set<string>();
  private readonly options: SloJobsOptions;
  private readonly clock: () => number;
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private rules: string | null = null;

  constructor(options: SloJobsOptions) {
    this.options = options;
    this.clock = options.clock ?? Date.now;
    for (const slo of options.slos) {
      this.details.set(sloId(slo), pendingDetail(slo, this.sourceOf(slo)));
    }
  }

  /** Compute every SLO now, then again every refresh interval. */
  start(): void {
    const tick = (delayMs: number) => {
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.runAll().finally(() => {
          if (!this.abort.signal.aborted) {
            tick(this.options.refreshIntervalMs ?? 300_000);
          }
        });
      }, delayMs);
      this.timer.unref();
    };
    tick(0);
  }

  async stop(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.abort.abort();
    await this.running;
  }

  /** Every SLO once, one after the other (each failure is caught and recorded in that SLO's state). */
  runAll(): Promise<void> {
    this.running ??= (async () => {
      for (const slo of this.options.slos) {
        if (this.abort.signal.aborted) {
          break;
        }
        await this.runSlo(sloId(slo));
      }
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async runSlo(id: string): Promise<SloDetail> {
    const slo = this.options.slos.find((s) => sloId(s) === id);
    if (!slo) {
      throw new Error(`unknown SLO "${id}"`);
    }
    const started = this.clock();
    try {
      const stepMs = this.options.stepMs ?? 300_000;
      const endMs = Math.floor(started / stepMs) * stepMs;
      const spec = mathSpec(slo);
      const windowMs =
        spec.window.kind === 'rolling'
          ? spec.window.seconds * 1000
          : endMs - periodBounds(endMs / 1000, 'month').start * 1000;
      const spanMs = Math.max(windowMs, this.options.forecastHistoryMs ?? 28 * DAY_MS);
      const startMs = endMs - Math.ceil(spanMs / stepMs) * stepMs;
      const counts = await querySliCounts(this.options.source, slo, { startMs, endMs, stepMs }, this.abort.signal);
      const figures = sloFigures(counts, spec, { stepSeconds: stepMs / 1000, ...this.options.exhaustion });
      const detail = sloDetail(slo, this.sourceOf(slo), counts, figures);
      this.details.set(id, detail);
      this.options.logger.info(
        {
          slo: id,
          budgetRemaining: detail.budgetRemaining,
          alertState: detail.alertState,
          outcome: detail.forecast.outcome,
          ms: this.clock() - started,
        },
        'slo computed'
      );
      return detail;
    } catch (error) {
      const previous = this.details.get(id) ?? pendingDetail(slo, this.sourceOf(slo));
      const failed: SloDetail = { ...previous, state: 'error', error: (error as Error).message };
      this.details.set(id, failed);
      this.options.logger.error({ slo: id, err: error }, 'slo computation failed');
      return failed;
    } finally {
      this.ran.add(id);
    }
  }

  list(): SloList {
    const slos = [...this.details.values()].map(summary).sort(bySoonestExhaustion);
    return { generatedAt: this.clock(), slos };
  }

  get(id: string): SloDetail | undefined {
    return this.details.get(id);
  }

  /** Every SLO's current detail, for the metrics exporter. */
  all(): Iterable<SloDetail> {
    return this.details.values();
  }

  rulesYaml(): string {
    if (this.rules === null) {
      const generated = generateRules(this.options.slos, {
        periodInterval: this.options.rules?.periodInterval,
        sources: this.options.rules?.sources,
        sourceOf: (slo) => this.sourceOf(slo),
      });
      for (const warning of generated.warnings) {
        this.options.logger.warn({ slo: warning.slo }, formatSloIssue(warning, 'warning'));
      }
      this.rules = generated.yaml;
    }
    return this.rules;
  }

  ready(): boolean {
    return this.options.slos.every((slo) => this.ran.has(sloId(slo)));
  }

  private sourceOf(slo: SloSpec): string {
    return this.options.sourceOf?.[sloId(slo)] ?? 'config';
  }
}

function summary(detail: SloDetail): SloSummary {
  const {
    stepSeconds: _step,
    windowStart: _windowStart,
    periodEnd: _periodEnd,
    total: _total,
    errors: _errors,
    missingSteps: _missing,
    partialWindow: _partial,
    alerts: _alerts,
    history: _history,
    forecastPath: _path,
    ...rest
  } = detail;
  return rest;
}

/** Exhausted or exhausting first, soonest (the past first); then the least budget left; pending last; then by id. */
export function bySoonestExhaustion(a: SloSummary, b: SloSummary): number {
  const ea = a.forecast.exhaustedAt ?? Infinity;
  const eb = b.forecast.exhaustedAt ?? Infinity;
  if (ea !== eb) {
    return ea - eb;
  }
  const ra = a.budgetRemaining ?? Infinity;
  const rb = b.budgetRemaining ?? Infinity;
  if (ra !== rb) {
    return ra - rb;
  }
  return a.id.localeCompare(b.id);
}
