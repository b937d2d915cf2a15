// Remediation benchmark: the demo's memory leak remediated end to end — forecast, anomaly, alert, incident,
// proposal, an Editor's approval after a scripted delay, execution, verified recovery — against the real service on
// a simulated clock, once per approval delay, and once more with 100 approvals sent at once. Reports MTTR on the
// simulated clock with the approval delay shown apart. Not a test: run with
//   node bench/remediation/run.ts          (or npm run bench:remediation)
// Environment: REMEDIATION_BENCH_DELAYS (approval delays in seconds, comma-separated; default 30,60,120,180,240),
// REMEDIATION_BENCH_CONCURRENT (approvals sent at once in the extra run; default 100, 0 skips it),
// REMEDIATION_BENCH_LOG_LEVEL (the service's, default silent). Writes bench/results/remediation.md.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { runLeakScenario, type LeakScenarioResult } from '../../sidecar/test/remediation/run-leak-scenario.ts';
import { offset, report } from './report.ts';

const delays = (process.env.REMEDIATION_BENCH_DELAYS ?? '30,60,120,180,240').split(',').map((s) => Number(s) * 1000);
const concurrentApprovals = Number(process.env.REMEDIATION_BENCH_CONCURRENT ?? 100);
const logLevel = process.env.REMEDIATION_BENCH_LOG_LEVEL ?? 'silent';

function describe(label: string, r: LeakScenarioResult): string {
  const mttr = r.mttrMs === null ? 'not verified' : `MTTR ${offset(r.mttrMs, 0).slice(1)}`;
  return `${label}: ${r.proposal.state}, ${mttr} (approval ${r.approvalDelayMs / 1000} s), ${r.restarts} restart(s), wall ${(r.wallMs / 1000).toFixed(1)} s\n`;
}

const started = performance.now();
const runs: LeakScenarioResult[] = [];
for (const approvalDelayMs of delays) {
  const run = await runLeakScenario({ approvalDelayMs, logLevel });
  runs.push(run);
  process.stderr.write(describe(`delay ${approvalDelayMs / 1000} s`, run));
}
let concurrent: LeakScenarioResult | null = null;
if (concurrentApprovals > 0) {
  concurrent = await runLeakScenario({ approvalDelayMs: 60_000, approvals: concurrentApprovals, logLevel });
  const changed = concurrent.approvals.filter((a) => a.body.changed).length;
  process.stderr.write(describe(`${concurrentApprovals} approvals at once (${changed} changed)`, concurrent));
}

const list = cpus();
const markdown = report({
  date: new Date().toISOString(),
  machine: `${list[0]?.model.trim() ?? 'unknown CPU'}, ${list.length} cores`,
  node: process.version,
  command: 'npm run bench:remediation',
  seconds: (performance.now() - started) / 1000,
  runs,
  concurrent,
});
const out = resolve(import.meta.dirname, '../results/remediation.md');
writeFileSync(out, markdown);
process.stderr.write(`wrote ${out}\n`);
