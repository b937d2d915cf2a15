// A real Alertmanager for tests (Debian package "prometheus-alertmanager": /usr/bin/prometheus-alertmanager and
// amtool), started on a free loopback port with its own temp storage, clustering off, and stopped after the test.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, waitFor } from '../slo/helpers.ts';

export const ALERTMANAGER = process.env.ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager';
export const AMTOOL = process.env.AMTOOL_BIN ?? '/usr/bin/amtool';
const INSTALL = 'install the Debian package "prometheus-alertmanager" (apt-get install prometheus-alertmanager)';

/** Runs amtool; a missing amtool fails the test with the package to install (never a silent skip). */
export function amtool(args: string[]): { status: number | null; output: string } {
  const result = spawnSync(AMTOOL, args, { encoding: 'utf8' });
  assert.ok(!result.error, `${AMTOOL} could not run (${result.error?.message}): ${INSTALL}`);
  return { status: result.status, output: result.stdout + result.stderr };
}

export interface RunningAlertmanager {
  url: string;
  /** Everything Alertmanager logged so far (for failure messages). */
  log(): string;
  /** POST /api/v2/alerts: what Prometheus does on every rule evaluation. */
  postAlerts(alerts: unknown[]): Promise<void>;
  /** GET /api/v2/alerts: each alert with its fingerprint and the receivers it is routed to. */
  alerts(): Promise<Array<{ fingerprint: string; labels: Record<string, string>; receivers: Array<{ name: string }> }>>;
  stop(): Promise<void>;
}

/** Starts Alertmanager with `config` (YAML text) in `dir`; resolves once it is ready. */
export async function startAlertmanager(dir: string, config: string): Promise<RunningAlertmanager> {
  const check = spawnSync(ALERTMANAGER, ['--version']);
  assert.equal(check.status, 0, `${ALERTMANAGER} is missing: ${INSTALL}`);
  const configFile = join(dir, 'alertmanager.yml');
  writeFileSync(configFile, config);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const child: ChildProcess = spawn(
    ALERTMANAGER,
    [
      `--config.file=${configFile}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      `--web.external-url=${url}`,
      // An empty cluster address turns gossip off: one instance, no peers to wait for.
      '--cluster.listen-address=',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] }
  );
  child.stdout!.on('data', (chunk) => (log += chunk));
  child.stderr!.on('data', (chunk) => (log += chunk));
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };
  try {
    await waitFor(
      async () => (await fetch(`${url}/-/ready`)).ok,
      30_000,
      () => log
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    log: () => log,
    async postAlerts(alerts) {
      const response = await fetch(`${url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alerts),
      });
      assert.equal(response.status, 200, `POST /api/v2/alerts: ${response.status} ${await response.text()}`);
    },
    async alerts() {
      const response = await fetch(`${url}/api/v2/alerts`);
      assert.equal(response.status, 200);
      return (await response.json()) as Awaited<ReturnType<RunningAlertmanager['alerts']>>;
    },
    stop,
  };
}
