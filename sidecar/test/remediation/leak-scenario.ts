// The demo's memory-leak story end to end, on a simulated clock, against the real service (startService in demo
// mode, an SQLite file, listening on loopback) with Grafana identities signed by the fake Grafana's keys:
// checkout leaks → the container-memory forecast sees the crossing → ContainerMemoryLimitPredicted fires → an
// incident opens → the restart-on-memory-leak policy proposes a rollout restart → an Editor approves over HTTP after
// a scripted delay → the restart runs → the alert resolves → the proposal is verified. Shared by the scenario test
// (sidecar/test/remediation/scenario.test.ts) and the benchmark (bench/remediation/run.ts).
//
// Each step moves the clock and does what the service's timers would at that moment, in the order data flows: the
// relevant forecast and anomaly jobs when their refresh interval has passed, the simulated Alertmanager's delivery,
// the incidents' refresh, the remediation check (tick); it waits for every queue to be idle before the next step.
// The service's own timers keep running on wall time; they read the same simulated clock, so they only repeat work.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RemediationAuditList, RemediationDecisionResult, RemediationProposal } from '../../src/api/contract.ts';
import { startService, type RunningService } from '../../src/cli/serve-command.ts';
import { loadConfig, type Config } from '../../src/config/index.ts';
import { createSimulatedCluster } from '../../src/sources/simulator/cluster.ts';
import { simulatedAlerts } from '../../src/sources/simulator/simulated-alerts.ts';
import { fakeGrafanaSigningKeys, type FakeGrafanaSigningKeys } from '../doubles/fake-grafana-signing-keys.ts';

const MIN = 60_000;

/** A fixed anchor (the simulated timeline's zero), so every run sees the same cluster. */
export const SCENARIO_ANCHOR = Date.UTC(2026, 10, 24, 9, 17, 0);
export const LEAK_ALERT = 'ContainerMemoryLimitPredicted';
/** The jobs whose results tell the story; the other shipped jobs run once at start-up and are left alone. */
export const STORY_JOBS = { forecast: 'container-memory', anomaly: 'workload-memory' } as const;

export const EDITOR = {
  uid: 'u-edna',
  login: 'edna',
  email: 'edna@example.com',
  name: 'Edna',
  role: 'Editor',
} as const;
export const VIEWER = { uid: 'u-vic', login: 'vic', email: 'vic@example.com', name: 'Vic', role: 'Viewer' } as const;
/** More Editors, for approvals sent at once. */
export const OTHER_EDITORS = ['eddie', 'erin', 'esme', 'ezra'].map(
  (login) => ({ uid: `u-${login}`, login, email: `${login}@example.com`, name: login, role: 'Editor' }) as const
);

export interface LeakServiceOptions {
  /**
   * The clock starts this long before the leak's first predicted-OOM alert. Default 5 minutes less half a step: the
   * alert then starts half a step before a delivery of the simulated Alertmanager, the average wait for one.
   */
  leadMs?: number;
  /** One step of the clock: the simulated Alertmanager's delivery and the remediation check interval; default 15 s. */
  stepMs?: number;
  seed?: number;
  logLevel?: string;
}

/** What one run of a story job saw for the checkout workload, at that simulated time. */
export interface ForecastRun {
  at: number;
  /** The soonest predicted crossing of the 1 GiB limit among checkout's pods, or null when none is in the horizon. */
  crossingAt: number | null;
  /** The largest current working set among checkout's pods, bytes. */
  currentBytes: number;
  limitBytes: number | null;
}

export interface AnomalyRun {
  at: number;
  ongoing: boolean;
  kind: string | null;
  start: number | null;
}

/** Simulated times at which the service was seen to do something (null: not seen). */
export interface Marks {
  alertReceivedAt: number | null;
  alertResolvedReceivedAt: number | null;
  incidentOpenedAt: number | null;
  incidentId: string | null;
}

export type Answer<T> = { status: number; body: T };

/** The demo service on a clock the caller moves; everything the scenario needs to drive and observe it. */
export class LeakService {
  readonly service: RunningService;
  readonly grafana: FakeGrafanaSigningKeys;
  readonly config: Config;
  readonly stepMs: number;
  /** When the leak's first ContainerMemoryLimitPredicted alert starts (simulated time). */
  readonly firstAlertAt: number;
  readonly startedAt: number;
  /** The first OOM kill of a checkout pod the leak is headed for, as the simulation stood at the start. */
  readonly oomAheadAtStart: number | null;
  readonly forecastRuns: ForecastRun[] = [];
  readonly anomalyRuns: AnomalyRun[] = [];
  readonly marks: Marks = {
    alertReceivedAt: null,
    alertResolvedReceivedAt: null,
    incidentOpenedAt: null,
    incidentId: null,
  };
  readonly #clock: { now: number };
  readonly #dir: string;
  readonly #lastRun = new Map<string, number>();
  readonly #tokens = new Map<string, Promise<string>>();

  private constructor(init: {
    service: RunningService;
    grafana: FakeGrafanaSigningKeys;
    config: Config;
    clock: { now: number };
    dir: string;
    stepMs: number;
    firstAlertAt: number;
  }) {
    this.service = init.service;
    this.grafana = init.grafana;
    this.config = init.config;
    this.#clock = init.clock;
    this.#dir = init.dir;
    this.stepMs = init.stepMs;
    this.firstAlertAt = init.firstAlertAt;
    this.startedAt = init.clock.now;
    this.oomAheadAtStart = this.nextOomKill(this.startedAt);
  }

  static async start(options: LeakServiceOptions = {}): Promise<LeakService> {
    const dir = mkdtempSync(join(tmpdir(), 'prophet-leak-scenario-'));
    const grafana = await fakeGrafanaSigningKeys();
    const config = loadConfig({
      env: {
        PROPHET_PORT: '0',
        PROPHET_HOST: '127.0.0.1',
        PROPHET_LOG_LEVEL: options.logLevel ?? 'silent',
        PROPHET_SQLITE_PATH: join(dir, 'prophet.db'),
        PROPHET_GRAFANA_URL: grafana.url,
        PROPHET_GRAFANA_JWKS_URL: `${grafana.url}api/signing-keys/keys`,
        ...(options.seed === undefined ? {} : { PROPHET_SIM_SEED: String(options.seed) }),
      },
      mode: 'demo',
    });
    // The first predicted-OOM alert of checkout, as the simulated Alertmanager will send it (the same pure cluster).
    const preview = createSimulatedCluster({ seed: config.simulator.seed, anchorMs: SCENARIO_ANCHOR });
    const firstAlertAt = Math.min(
      ...simulatedAlerts(preview)
        .filter(
          (a) => a.labels.alertname === LEAK_ALERT && a.labels.namespace === 'shop' && isCheckoutPod(a.labels.pod)
        )
        .map((a) => a.startsAt)
    );
    const stepMs = options.stepMs ?? 15_000;
    const clock = { now: firstAlertAt - (options.leadMs ?? 5 * MIN - stepMs / 2) };
    let service: RunningService;
    try {
      service = await startService(config, {
        mode: 'demo',
        handleSignals: false,
        announce: false,
        clock: () => clock.now,
        anchorMs: SCENARIO_ANCHOR,
      });
    } catch (error) {
      await grafana.close();
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    const leak = new LeakService({ service, grafana, config, clock, dir, stepMs, firstAlertAt });
    await leak.#startUp();
    return leak;
  }

  get now(): number {
    return this.#clock.now;
  }

  async #startUp(): Promise<void> {
    const { service } = this;
    while (!(service.jobs.ready() && service.detection.ready() && service.slos.ready())) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await service.incidents.findings?.synced();
    service.alertEvents.subscribe({
      name: 'leak-scenario',
      onAlertChange: ({ kind, alert }) => {
        if (alert.alertname !== LEAK_ALERT || alert.namespace !== 'shop' || !isCheckoutPod(alert.labels.pod)) {
          return;
        }
        if (kind === 'opened' && this.marks.alertReceivedAt === null) {
          this.marks.alertReceivedAt = this.now;
        }
        if (kind === 'resolved' && this.marks.alertResolvedReceivedAt === null) {
          this.marks.alertResolvedReceivedAt = this.now;
        }
      },
    });
    service.incidents.subscribe((incident, change) => {
      if (change === 'opened' && incident.scope.workload?.name === 'checkout' && this.marks.incidentOpenedAt === null) {
        this.marks.incidentOpenedAt = this.now;
        this.marks.incidentId = incident.id;
      }
    });
    // The start-up runs of the story jobs happened at the start time.
    this.#lastRun.set(`forecast:${STORY_JOBS.forecast}`, this.now);
    this.#lastRun.set(`anomaly:${STORY_JOBS.anomaly}`, this.now);
    this.#lastRun.set('incidents', this.now);
    this.#observeForecast();
    this.#observeAnomaly();
    await this.#settle();
  }

  /** Moves the clock to `t` and runs what is due then; resolves when the service is idle again. */
  async advanceTo(t: number): Promise<void> {
    if (t < this.now) {
      throw new Error(`the simulated clock only moves forward: ${iso(t)} is before ${iso(this.now)}`);
    }
    this.#clock.now = t;
    const { service } = this;
    if (this.#due(`forecast:${STORY_JOBS.forecast}`, this.#forecastInterval())) {
      await service.jobs.runJob(STORY_JOBS.forecast);
      this.#observeForecast();
    }
    if (this.#due(`anomaly:${STORY_JOBS.anomaly}`, this.#anomalyInterval())) {
      await service.detection.runAnomalyJob(STORY_JOBS.anomaly);
      this.#observeAnomaly();
    }
    this.alertmanager().deliverDue();
    await this.#settle();
    if (this.#due('incidents', this.config.incidents.refreshIntervalMs)) {
      await service.incidents.manager.refresh();
      await this.#settle();
    }
    await service.remediation.manager.tick(t);
    await this.#settle();
  }

  async step(): Promise<void> {
    await this.advanceTo(this.now + this.stepMs);
  }

  /** Steps until `done()` holds; fails naming `what` when it does not within `withinMs` of simulated time. */
  async until(done: () => boolean, withinMs: number, what: string): Promise<void> {
    const deadline = this.now + withinMs;
    while (!done()) {
      if (this.now >= deadline) {
        throw new Error(`${what}: not seen by ${iso(deadline)} (simulated clock)`);
      }
      await this.step();
    }
  }

  /** Steps to exactly `t` (the last step shortened). */
  async stepTo(t: number): Promise<void> {
    while (this.now + this.stepMs < t) {
      await this.step();
    }
    if (t > this.now) {
      await this.advanceTo(t);
    }
  }

  /** The rollout restart of Deployment shop/checkout that the leak's alert led to, as stored now. */
  restartProposal(): RemediationProposal | undefined {
    return this.service.remediation.manager
      .list({ action: 'rollout-restart', target: 'Deployment/shop/checkout' })
      .proposals.find((p) => p.trigger.type === 'alert');
  }

  /** Restarts of shop/checkout recorded on the simulated cluster. */
  restarts(): number {
    return this.cluster()
      .interventions.list()
      .filter((i) => i.type === 'restart' && i.deployment === 'shop/checkout').length;
  }

  /** The next OOM kill of a checkout pod after `t`, as the simulation stands now (interventions included). */
  nextOomKill(t: number): number | null {
    const kills = this.cluster()
      .pods.filter((p) => p.deployment.namespace === 'shop' && p.deployment.name === 'checkout')
      .flatMap((p) => p.oomKillsMs.filter((k) => k > t));
    return kills.length > 0 ? Math.min(...kills) : null;
  }

  cluster() {
    const simulator = this.service.simulator;
    if (!simulator) {
      throw new Error('the leak scenario needs demo mode: the service has no simulated cluster');
    }
    return simulator.cluster;
  }

  alertmanager() {
    const alertmanager = this.service.simulator?.alertmanager;
    if (!alertmanager) {
      throw new Error('the leak scenario needs the simulated Alertmanager (simulator.alerts: true)');
    }
    return alertmanager;
  }

  /** A signed X-Grafana-Id for the user (one per user, reused: replaying it is part of the point). */
  token(user: { uid: string; login: string; email: string; name: string; role: 'Viewer' | 'Editor' }): Promise<string> {
    let token = this.#tokens.get(user.login);
    if (!token) {
      token = this.grafana.sign(user);
      this.#tokens.set(user.login, token);
    }
    return token;
  }

  /** GET or POST through the API as Grafana's plugin proxy would: the shared token and the user's X-Grafana-Id. */
  async call<T>(method: 'GET' | 'POST', path: string, idToken: string, body?: unknown): Promise<Answer<T>> {
    const response = await fetch(`${this.service.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.service.token}`,
        'x-grafana-id': idToken,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  async decide(
    id: string,
    user: Parameters<LeakService['token']>[0],
    decision: 'approve' | 'reject',
    comment: string
  ): Promise<Answer<RemediationDecisionResult & { message?: string }>> {
    return this.call('POST', `/api/remediations/${id}/${decision}`, await this.token(user), { comment });
  }

  async audit(proposalId: string): Promise<RemediationAuditList> {
    const answer = await this.call<RemediationAuditList>(
      'GET',
      `/api/remediations/audit?proposal=${encodeURIComponent(proposalId)}&limit=1000`,
      await this.token(VIEWER)
    );
    if (answer.status !== 200) {
      throw new Error(`GET /api/remediations/audit answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    }
    return answer.body;
  }

  async metricsText(): Promise<string> {
    return (await fetch(`${this.service.url}/metrics`)).text();
  }

  async close(): Promise<void> {
    try {
      await this.service.close();
    } finally {
      await this.grafana.close();
      rmSync(this.#dir, { recursive: true, force: true });
    }
  }

  #forecastInterval(): number {
    return this.config.forecasts.jobs.find((j) => j.name === STORY_JOBS.forecast)?.refreshIntervalMs ?? 5 * MIN;
  }

  #anomalyInterval(): number {
    return this.config.anomalies.jobs.find((j) => j.name === STORY_JOBS.anomaly)?.refreshIntervalMs ?? 5 * MIN;
  }

  #due(key: string, intervalMs: number): boolean {
    const last = this.#lastRun.get(key) ?? -Infinity;
    if (this.now - last < intervalMs) {
      return false;
    }
    this.#lastRun.set(key, this.now);
    return true;
  }

  async #settle(): Promise<void> {
    const { service } = this;
    for (let i = 0; i < 2; i++) {
      await service.alertEvents.idle();
      await service.incidents.manager.idle();
      await service.remediation.manager.idle();
    }
  }

  #observeForecast(): void {
    const pods = this.service.jobs
      .list()
      .forecasts.filter(
        (f) => f.job === STORY_JOBS.forecast && f.labels.namespace === 'shop' && isCheckoutPod(f.labels.pod)
      );
    const crossings = pods.map((f) => f.crossing?.at ?? null).filter((at): at is number => at !== null);
    this.forecastRuns.push({
      at: this.now,
      crossingAt: crossings.length > 0 ? Math.min(...crossings) : null,
      currentBytes: Math.max(...pods.map((f) => f.current ?? 0)),
      limitBytes: pods.find((f) => f.threshold)?.threshold?.value ?? null,
    });
  }

  #observeAnomaly(): void {
    const series = this.service.detection
      .anomalies()
      .anomalies.find(
        (a) => a.job === STORY_JOBS.anomaly && a.labels.namespace === 'shop' && a.labels.container === 'checkout'
      );
    const event = series?.latestEvent ?? null;
    this.anomalyRuns.push({
      at: this.now,
      ongoing: event?.ongoing ?? false,
      kind: event?.kind ?? null,
      start: event?.start ?? null,
    });
  }
}

/** A pod of the checkout Deployment: checkout-<pod-template-hash>-<suffix>. */
export function isCheckoutPod(pod: string | undefined): boolean {
  return pod !== undefined && /^checkout-[a-z0-9]+-[a-z0-9]{5}$/.test(pod);
}

export function iso(t: number): string {
  return new Date(t).toISOString();
}

export { MIN };
