// Incidents benchmark: a seeded storm of 1,000 alerts in 10 s, delivered over HTTP as an Alertmanager HA pair
// would, against the real service started in this process; measures webhook → explained incident and checks that
// nothing was lost and every duplicate folded. Not a test: run with
//   node bench/incidents/run.ts          (or npm run bench:incidents)
// Environment: INCIDENTS_BENCH_RUNS (per scenario, default 3), INCIDENTS_BENCH_SCENARIOS (comma-separated names),
// INCIDENTS_BENCH_SEED, INCIDENTS_BENCH_LOG_LEVEL (the service's, default warn). Writes bench/results/incidents.md.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { quantile } from './checks.ts';
import { report } from './report.ts';
import { machine, runScenario, type ScenarioResult, type ScenarioSpec } from './scenario.ts';
import { compressed, generateStorm, stormStats } from './storm.ts';

const SCENARIOS: ScenarioSpec[] = [
  {
    name: 'default',
    description:
      "the shipped forecast, anomaly, outlier and SLO jobs (all run once before the storm, so their forecasts and anomalies are evidence incidents gather on every rebuild), and the incidents' own 1-minute refresh (every open incident re-gathered and re-explained) landing 5 s into the storm, as it does in one storm of 10 s out of six. The targets are judged on this one.",
    defaultJobs: true,
    refreshAtMs: 5_000,
    rerunJobsAtMs: null,
    speedup: 1,
    history: 0,
  },
  {
    name: 'jobs-in-storm',
    description:
      'as default, and every forecast, anomaly, outlier and SLO job re-run 3 s into the storm (their 5-minute refreshes all landing in it; they share the event loop with the webhook). A worst case, for information.',
    defaultJobs: true,
    refreshAtMs: 5_000,
    rerunJobsAtMs: 3_000,
    speedup: 1,
    history: 0,
  },
  {
    name: 'double-rate',
    description:
      'as default, the same storm twice as fast (all of it in 5 s; group_wait, group_interval, the replica delay halved): headroom, for information.',
    defaultJobs: true,
    refreshAtMs: 2_500,
    rerunJobsAtMs: null,
    speedup: 2,
    history: 0,
  },
  {
    name: 'with-history',
    description:
      'as default, with 5,000 resolved incidents (about 20,000 alerts) from the past week already in the store, as a busy sidecar keeps them for 7 days: the manager holds them all and looks every alert up among them. For information.',
    defaultJobs: true,
    refreshAtMs: 5_000,
    rerunJobsAtMs: null,
    speedup: 1,
    history: 5_000,
  },
  {
    name: 'bare',
    description:
      'no forecast, anomaly, outlier or SLO jobs (only the simulated K8sGPT findings and events as evidence), no refresh: the webhook, the alert store and the incident manager alone.',
    defaultJobs: false,
    refreshAtMs: null,
    rerunJobsAtMs: null,
    speedup: 1,
    history: 0,
  },
];

// From reading the runs and CPU profiles (node --cpu-prof bench/incidents/run.ts), 2026-11-26.
const NOTES = [
  "Where a storm's CPU goes (CPU profiles of the service's thread during bare storms): storing incidents about 20% (`SqliteIncidentStore.saveIncident`: the whole incident as JSON, its statement prepared on every call, once per touched incident per notification), rebuilding incidents about 17% (evidence, suggestions, timeline, the built-in explanation), the alert store's upserts 10–14% (each re-send reads the stored row back and parses its labels and annotations for `previous`), writing HTTP responses 8–16%, parsing and validating bodies about 5%, placing alerts 2–5%, the probe about 2%. The manager's queue is rarely where a notification waits: queue + rebuild p99 stays in the tens of milliseconds; when latency grows it is requests waiting for the event loop (the received column).",
  "Fixed on the way (sidecar/src/incidents/incident-manager.ts, correlate.ts): the manager placed every alert by scanning every incident it holds, resolved ones included, and their alerts (`incidentForAlert` over all incidents). Resolved incidents are kept for 7 days, so the cost grew with history: with 5,000 resolved incidents (~20,000 alerts) in the store, placing alerts took 7.4 s of the storm's CPU (47% of the thread; 15.7 s busy in all against 5.1 s after the fix, bare, CPU profile), the event loop was busy 98% of the storm, and webhook → incident p99 was 14–16 s (two runs at a load average under 1; the backlog also reordered arrivals enough to split 16 places into two incidents). The manager now keeps an index of the alert occurrences it holds and the set of open incidents (`joinTarget` is the open-incident half of `incidentForAlert`; placement unchanged, a restart test added): the same storm with the same history now costs about what it costs on a fresh sidecar (scenario with-history).",
  "jobs-in-storm misses the p99 target: re-running every forecast, anomaly, outlier and SLO job at once blocks the event loop for 3–5 s, and every webhook request that arrives meanwhile waits (p99 ≈ the block). 82% of the block (CPU profile) is the demo's simulated metric source computing samples synchronously (sources/simulator: `integralAt`, node-exporter and http-apps series, recomputed when a query reaches past its cache); the forecasting and detection themselves take ~0.3 s of it. Run one at a time, 8 s after start-up, no job blocked the loop for more than 152 ms (they yield between series). With Prometheus (live mode) the queries are HTTP and only the forecasting's share remains. The shipped jobs start together and all refresh every 5 minutes, so in demo mode a storm meets such a block about once in 20. Not fixed here (outside this task's paths): the simulator could extend its cache instead of recomputing, or the jobs could be staggered.",
  "After such a stall the held requests are answered together and each pipeline sends its overdue notifications at once, so across groups the arrival order no longer follows the schedule: a resolve can arrive before the first notification of another alert about the same place. The place's incident has closed by then and the new critical alert opens a second incident, as the rules say (only open incidents are joined) — never two open at once, nothing lost, and the replay agrees. A refinement to consider (a behaviour change, not made): let an alert that started before a resolved incident's end, within the join window, reopen it.",
  "The machine is shared (2 vCPUs; other sessions run browser tests beside it): when they do, the service's thread does not get a whole core, the event loop saturates in the busiest seconds and latency grows. Earlier runs of the default scenario in this session gave p99 20–290 ms at a 1-minute load average of 1.2–2.4, and 2.4–3.8 s at 3.8 (with Playwright and Chromium running). The per-run table gives the load average before and after each run: compare runs at similar load.",
];

const runs = Number(process.env.INCIDENTS_BENCH_RUNS ?? 3);
const wanted = process.env.INCIDENTS_BENCH_SCENARIOS?.split(',').map((s) => s.trim());
const logLevel = process.env.INCIDENTS_BENCH_LOG_LEVEL ?? 'warn';
const seed = process.env.INCIDENTS_BENCH_SEED ? { seed: Number(process.env.INCIDENTS_BENCH_SEED) } : {};
const storm = generateStorm(seed);
const stats = stormStats(storm);
process.stderr.write(
  `storm: ${stats.alerts} alerts, ${stats.places} places, ${stats.notifications} notifications over ${(stats.lastSendMs / 1000).toFixed(1)} s\n`
);

const started = performance.now();
const results: Array<{ name: string; runs: ScenarioResult[] }> = [];
for (const spec of SCENARIOS.filter((s) => !wanted || wanted.includes(s.name))) {
  const mine: ScenarioResult[] = [];
  for (let i = 0; i < runs; i++) {
    const result = await runScenario(
      spec,
      spec.speedup === 1 ? storm : generateStorm({ ...compressed(spec.speedup), ...seed }),
      logLevel
    );
    mine.push(result);
    const f = result.figures;
    const failed = f.checks.filter((c) => !c.ok);
    process.stderr.write(
      `${spec.name} #${i + 1}: p50 ${quantile(f.placeLatencies, 0.5).toFixed(1)} ms, p99 ${quantile(f.placeLatencies, 0.99).toFixed(1)} ms, max ${Math.max(...f.placeLatencies).toFixed(1)} ms; HTTP p99 ${quantile(f.httpLatencies, 0.99).toFixed(1)} ms; ${f.incidentCount} incidents; ${failed.length === 0 ? 'all checks ok' : `FAILED: ${failed.map((c) => `${c.name} (${c.detail})`).join('; ')}`}\n`
    );
  }
  results.push({ name: spec.name, runs: mine });
}

if (results.length > 0) {
  const main = results.some((r) => r.name === 'default') ? 'default' : results[0].name;
  const markdown = report({
    date: new Date().toISOString(),
    machine: machine(),
    node: process.version,
    command: 'npm run bench:incidents',
    storm,
    stats,
    scenarios: results,
    main,
    notes: NOTES,
    seconds: (performance.now() - started) / 1000,
  });
  const out = resolve(import.meta.dirname, '../results/incidents.md');
  writeFileSync(out, markdown);
  process.stderr.write(`wrote ${out}\n`);
}
