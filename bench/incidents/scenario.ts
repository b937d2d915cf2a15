// One measured storm against a freshly started service: the real startService (demo mode: the simulated cluster is
// the metric source and the K8sGPT/Events source; its own alerts off, so only the storm's arrive), an SQLite file in
// a temporary directory, listening on loopback; the storm sent from a worker thread over HTTP.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance as perf } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { startService, type RunningService } from '../../sidecar/src/cli/serve-command.ts';
import { loadConfig } from '../../sidecar/src/config/index.ts';
import { SqliteStore } from '../../sidecar/src/store/sqlite-store.ts';
import { evaluate, type Figures } from './checks.ts';
import { seedHistory } from './history.ts';
import { payloadOf } from './payload.ts';
import { Probe } from './probe.ts';
import { hrNow, type SenderInput, type SentRequest } from './sender.ts';
import type { Storm } from './storm.ts';

export interface ScenarioSpec {
  name: string;
  description: string;
  /** The shipped forecast, anomaly, outlier and SLO jobs (evidence for the incidents) or none. */
  defaultJobs: boolean;
  /** Run the incidents' periodic refresh (every open incident rebuilt) this far into the storm. */
  refreshAtMs: number | null;
  /** Re-run every forecast, anomaly, outlier and SLO job this far into the storm (their refresh landing in it). */
  rerunJobsAtMs: number | null;
  /** The same storm this many times faster (1: as generated). */
  speedup: number;
  /** Resolved incidents from the past week already in the store (0: a fresh sidecar). */
  history: number;
}

export interface ScenarioResult {
  spec: ScenarioSpec;
  figures: Figures;
  startupMs: number;
  evidence: { forecasts: number; anomalies: number; findings: number; events: number; incidentsWithEvidence: number };
  loopDelay: { p50: number; p99: number; max: number };
  /** Share of the storm (first send to last incident stored) the service's event loop was busy. */
  loopUtilisation: number;
  /** Process CPU (service and sender) over the storm. */
  cpuSeconds: number;
  wallSeconds: number;
  /** 1-minute load average before and after (other work on the machine shows here). */
  load: [number, number];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runScenario(spec: ScenarioSpec, storm: Storm, logLevel = 'warn'): Promise<ScenarioResult> {
  const dir = mkdtempSync(join(tmpdir(), 'prophet-bench-incidents-'));
  const dbPath = join(dir, 'prophet.db');
  try {
    const config = loadConfig({
      env: { PROPHET_PORT: '0', PROPHET_HOST: '127.0.0.1', PROPHET_LOG_LEVEL: logLevel, PROPHET_SQLITE_PATH: dbPath },
      mode: 'demo',
    });
    config.simulator.alerts = false;
    if (!spec.defaultJobs) {
      config.forecasts.jobs = [];
      config.anomalies.jobs = [];
      config.outliers.jobs = [];
      config.slos.specs = [];
    }
    if (spec.history > 0) {
      seedHistory(dbPath, spec.history, Date.now());
    }
    const booted = performance.now();
    const service = await startService(config, { mode: 'demo', handleSignals: false, announce: false });
    let closed = false;
    try {
      while (!(service.jobs.ready() && service.detection.ready() && service.slos.ready())) {
        await sleep(50);
      }
      await service.incidents.findings?.synced();
      const startupMs = performance.now() - booted;
      const loadBefore = loadavg()[0];
      const result = await storm_(service, spec, storm);
      const load: [number, number] = [loadBefore, loadavg()[0]];
      const incidents = service.incidents.manager.list().filter((i) => !i.id.startsWith('inc-history-'));
      const evidence = {
        forecasts: service.jobs.list().forecasts.length,
        anomalies: service.detection.anomalies().anomalies.length,
        findings: service.incidents.findings?.list().length ?? 0,
        events: service.incidents.events?.list().length ?? 0,
        incidentsWithEvidence: incidents.filter(
          (i) => i.findings.length + i.anomalies.length + i.forecasts.length + i.events.length > 0
        ).length,
      };
      await service.close();
      closed = true;
      const store = new SqliteStore(dbPath);
      const storedAlerts = store.alerts.list({ limit: 100_000 }).alerts;
      const storedIncidents = store.incidents.loadIncidents().filter((i) => !i.id.startsWith('inc-history-'));
      store.close();
      const figures = evaluate({
        storm,
        epochMs: result.epochMs,
        sent: result.sent,
        probe: result.probe,
        storedAlerts,
        incidents,
        storedIncidents,
      });
      return { spec, figures, startupMs, evidence, load, ...result.usage };
    } finally {
      if (!closed) {
        await service.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function storm_(service: RunningService, spec: ScenarioSpec, storm: Storm) {
  // Bodies are built before the clock starts; t = 0 of the storm is epochMs.
  const epochMs = Date.now() + 1_500;
  const byFingerprint = new Map(storm.alerts.map((a) => [a.fingerprint, a]));
  const input: SenderInput = {
    url: `${service.url}/api/alertmanager/webhook`,
    token: service.webhookToken,
    requests: storm.notifications.map((n) => ({
      seq: n.seq,
      atMs: n.atMs,
      pipeline: n.pipeline,
      body: JSON.stringify(payloadOf(storm, n, epochMs, byFingerprint)),
    })),
  };
  const worker = new Worker(new URL('./sender.ts', import.meta.url), { workerData: input });
  const sentPromise = new Promise<SentRequest[]>((resolve, reject) => {
    worker.on('message', (message: unknown) => {
      if (message !== 'ready') {
        resolve(message as SentRequest[]);
      }
    });
    worker.on('error', reject);
  });
  await new Promise<void>((resolve) => worker.once('message', () => resolve()));

  const probe = new Probe();
  probe.attach(service);
  const loop = monitorEventLoopDelay({ resolution: 5 });
  const delayMs = Math.max(20, epochMs - Date.now());
  const startAt = hrNow() + delayMs;
  const timers: NodeJS.Timeout[] = [];
  if (spec.refreshAtMs !== null) {
    timers.push(setTimeout(() => void service.incidents.manager.refresh(), delayMs + spec.refreshAtMs));
  }
  if (spec.rerunJobsAtMs !== null) {
    timers.push(
      setTimeout(() => {
        for (const job of service.jobs.jobs()) {
          void service.jobs.runJob(job.name).catch(() => undefined);
        }
        for (const job of service.detection.anomalyJobs()) {
          void service.detection.runAnomalyJob(job.name).catch(() => undefined);
        }
        for (const job of service.detection.outlierJobs()) {
          void service.detection.runOutlierJob(job.name).catch(() => undefined);
        }
        void service.slos.runAll().catch(() => undefined);
      }, delayMs + spec.rerunJobsAtMs)
    );
  }
  worker.postMessage({ startAt });
  await sleep(Math.max(0, startAt - hrNow()));
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const eluBefore = perf.eventLoopUtilization();
  loop.enable();
  const sent = await sentPromise;
  // Drain: everything published has reached the manager and the manager's queue is empty.
  for (let i = 0; i < 3; i++) {
    await service.alertEvents.idle();
    await service.incidents.manager.idle();
  }
  loop.disable();
  const elu = perf.eventLoopUtilization(eluBefore);
  const cpu = process.cpuUsage(cpuBefore);
  const wallSeconds = (performance.now() - wallBefore) / 1000;
  timers.forEach(clearTimeout);
  probe.detach();
  await worker.terminate();
  return {
    epochMs,
    sent,
    probe,
    usage: {
      loopDelay: { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
      loopUtilisation: elu.utilization,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      wallSeconds,
    },
  };
}

export function machine(): string {
  const list = cpus();
  return `${list[0]?.model.trim() ?? 'unknown CPU'}, ${list.length} cores`;
}
