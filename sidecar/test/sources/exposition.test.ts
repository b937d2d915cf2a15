// The simulator's exposition must be accepted by the real Prometheus tooling (Debian package `prometheus`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulatedCluster } from '../../src/sources/simulator/cluster.ts';
import { renderExposition, renderOpenMetricsHistory } from '../../src/sources/simulator/exposition.ts';

const anchorMs = Date.UTC(2025, 5, 11, 9, 0, 0);
const cluster = createSimulatedCluster({ seed: 11, anchorMs });

function promtool(args: string[], input?: string) {
  const path = ['/usr/bin/promtool', ...(process.env.PATH ?? '').split(':').map((d) => join(d, 'promtool'))].find((p) => existsSync(p));
  if (!path) {assert.fail('promtool is not installed: install the Debian package `prometheus` (apt-get install -y prometheus)');}
  const r = spawnSync(path, args, { input, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** promtool check metrics exits 3 for lint findings (naming advice) and 1 for parse errors. */
function checkMetrics(text: string) {
  const r = promtool(['check', 'metrics'], text);
  return { ok: (r.status === 0 || r.status === 3) && !/error/i.test(r.out), out: r.out };
}

test('the instant exposition has HELP and TYPE for every family and is accepted by promtool check metrics', () => {
  const text = renderExposition(cluster, anchorMs + 33 * 60_000);
  for (const f of cluster.families) {
    assert.ok(text.includes(`# HELP ${f.name} `) && text.includes(`# TYPE ${f.name} ${f.type}\n`), f.name);
  }
  assert.match(text, /^kube_pod_status_phase\{[^}]*phase="Pending"[^}]*\} 1$/m, 'pods are Pending during the spike');
  assert.match(text, /^http_request_duration_seconds_bucket\{[^}]*le="\+Inf"\} \d/m);
  assert.match(text, /^container_cpu_usage_seconds_total\{job="cadvisor",instance="[\d.]+:10250",namespace="shop",pod="checkout-/m);
  const check = checkMetrics(text);
  assert.ok(check.ok, check.out);
  // The check is not a rubber stamp: a malformed line fails it.
  assert.ok(!checkMetrics(`${text}broken{le="1" 2\n`).ok);
});

test('two hours of OpenMetrics history backfill into a TSDB with promtool', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sim-backfill-'));
  try {
    const text = renderOpenMetricsHistory(cluster, anchorMs - 2 * 3_600_000, anchorMs, 60_000);
    assert.ok(text.endsWith('# EOF\n'));
    assert.match(text, /^# TYPE http_requests counter$/m, 'OpenMetrics counter families drop _total');
    const file = join(dir, 'history.om');
    writeFileSync(file, text);
    const blocks = join(dir, 'blocks');
    const r = promtool(['tsdb', 'create-blocks-from', 'openmetrics', file, blocks]);
    assert.equal(r.status, 0, r.out);
    assert.ok(readdirSync(blocks).some((d) => existsSync(join(blocks, d, 'meta.json'))), 'a block was written');
    // Every sample line made it into the blocks.
    const samples = text.split('\n').filter((l) => l && !l.startsWith('#')).length;
    const reported = [...r.out.matchAll(/^\w{26}\s+\d+\s+\d+\s+\S+\s+(\d+)/gm)].reduce((s, m) => s + Number(m[1]), 0);
    assert.equal(reported, samples);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
