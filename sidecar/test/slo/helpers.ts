// Shared by the SLO tests: fixtures, promtool and a real Prometheus (Debian package "prometheus"; CI installs it).
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import YAML from 'yaml';

export const FIXTURES = resolve(import.meta.dirname, 'fixtures');
export const PROMETHEUS = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';
export const PROMTOOL = process.env.PROMTOOL_BIN ?? '/usr/bin/promtool';

export function fixture(name: string): { path: string; text: string } {
  const path = join(FIXTURES, name);
  return { path, text: readFileSync(path, 'utf8') };
}

/** Runs promtool; a missing promtool fails the test with the package to install (never a silent skip). */
export function promtool(args: string[], cwd?: string): { status: number | null; output: string } {
  const result = spawnSync(PROMTOOL, args, { cwd, encoding: 'utf8' });
  assert.ok(
    !result.error,
    `${PROMTOOL} could not run (${result.error?.message}): install the Debian package "prometheus" (apt-get install prometheus)`
  );
  return { status: result.status, output: result.stdout + result.stderr };
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, log?: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) {
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out after ${timeoutMs} ms${log ? `\n${log().slice(-2000)}` : ''}`);
}

/** An instant-query sample or a range-query series, as Prometheus' HTTP API returns them. */
export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}
export interface PromSeries {
  metric: Record<string, string>;
  values: Array<[number, string]>;
}

/** A Prometheus started by startPrometheus: its URL, the HTTP API calls the tests make, and its log. */
export interface RunningPrometheus {
  url: string;
  log(): string;
  /** GET /api/v1/query at `timeSeconds` (default now); a query Prometheus rejects throws with its error. */
  instant(query: string, timeSeconds?: number): Promise<PromSample[]>;
  /** GET /api/v1/query_range. */
  range(query: string, startSeconds: number, endSeconds: number, stepSeconds: number): Promise<PromSeries[]>;
  /** GET /api/v1/label/<label>/values?match[]=<selector>: what Grafana's label_values(<selector>, <label>) lists. */
  labelValues(label: string, selector: string): Promise<string[]>;
  stop(): void;
}

/** Turns OpenMetrics text into TSDB blocks under `dataDir` with promtool, as docker compose's backfill does. */
export function backfillOpenMetrics(openMetrics: string, dir: string, dataDir: string): void {
  const file = join(dir, `backfill-${Date.now()}.om`);
  writeFileSync(file, openMetrics);
  const result = promtool(['tsdb', 'create-blocks-from', 'openmetrics', file, dataDir]);
  assert.equal(result.status, 0, result.output);
}

/**
 * Starts the Debian Prometheus with `config` (written to `<dir>/prometheus.yml`) over `dataDir`, on `port` or a
 * free loopback port, and resolves once it is ready. A missing binary fails with the package to install.
 */
export async function startPrometheus(options: {
  dir: string;
  dataDir: string;
  config: object;
  port?: number;
}): Promise<RunningPrometheus> {
  const check = spawnSync(PROMETHEUS, ['--version']);
  assert.equal(
    check.status,
    0,
    `${PROMETHEUS} is missing: install the Debian package "prometheus" (apt-get install prometheus)`
  );
  const configFile = join(options.dir, 'prometheus.yml');
  writeFileSync(configFile, YAML.stringify(options.config));
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const child: ChildProcess = spawn(
    PROMETHEUS,
    [`--config.file=${configFile}`, `--storage.tsdb.path=${options.dataDir}`, `--web.listen-address=127.0.0.1:${port}`],
    { stdio: ['ignore', 'ignore', 'pipe'] }
  );
  child.stderr!.on('data', (chunk) => (log += chunk));
  const api = async <T>(path: string, params: Record<string, string>): Promise<T> => {
    const response = await fetch(`${url}${path}?${new URLSearchParams(params)}`);
    const body = (await response.json()) as { status: string; error?: string; data: T };
    if (body.status !== 'success') {
      throw new Error(`${path} ${JSON.stringify(params)}: ${body.error}`);
    }
    return body.data;
  };
  const running: RunningPrometheus = {
    url,
    log: () => log,
    instant: async (query, timeSeconds) =>
      (
        await api<{ result: PromSample[] }>('/api/v1/query', {
          query,
          ...(timeSeconds === undefined ? {} : { time: String(timeSeconds) }),
        })
      ).result,
    range: async (query, start, end, step) =>
      (
        await api<{ result: PromSeries[] }>('/api/v1/query_range', {
          query,
          start: String(start),
          end: String(end),
          step: String(step),
        })
      ).result,
    labelValues: (label, selector) => api<string[]>(`/api/v1/label/${label}/values`, { 'match[]': selector }),
    stop: () => child.kill('SIGTERM'),
  };
  try {
    await waitFor(
      async () => (await fetch(`${url}/-/ready`).catch(() => null))?.ok === true,
      60_000,
      () => log
    );
  } catch (error) {
    running.stop();
    throw error;
  }
  return running;
}
