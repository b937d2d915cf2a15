// bench/results/incidents.md from the runs of each scenario.
import { quantile } from './checks.ts';
import { groupBy } from './random.ts';
import type { ScenarioResult } from './scenario.ts';
import type { Storm, stormStats } from './storm.ts';

export const P99_TARGET_MS = 2_000;

const ms = (x: number) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x.toFixed(1)) : '—');
const all = <T>(runs: ScenarioResult[], pick: (r: ScenarioResult) => T[]): T[] => runs.flatMap(pick);
const verdict = (ok: boolean) => (ok ? 'MET' : 'NOT MET');

export interface ReportInput {
  date: string;
  machine: string;
  node: string;
  command: string;
  storm: Storm;
  stats: ReturnType<typeof stormStats>;
  scenarios: Array<{ name: string; runs: ScenarioResult[] }>;
  /** The scenario the targets are judged on. */
  main: string;
  /** Observations from reading the runs and profiles, appended as they are. */
  notes: string[];
  seconds: number;
}

function bySecond(runs: ScenarioResult[]): string[] {
  const http = groupBy(
    all(runs, (r) => r.figures.httpSeries),
    ([t]) => Math.floor(t / 1000)
  );
  const place = groupBy(
    all(runs, (r) => r.figures.placeSeries),
    ([t]) => Math.floor(t / 1000)
  );
  return [...http.keys()]
    .sort((a, b) => a - b)
    .map((second) => {
      const h = http.get(second)!.map(([, v]) => v);
      const p = (place.get(second) ?? []).map(([, v]) => v);
      return `| ${second}–${second + 1} | ${(h.length / runs.length).toFixed(0)} | ${ms(quantile(h, 0.5))} | ${ms(quantile(h, 0.99))} | ${(p.length / runs.length).toFixed(0)} | ${ms(quantile(p, 0.5))} | ${ms(quantile(p, 0.99))} | ${p.length > 0 ? ms(Math.max(...p)) : '—'} |`;
    });
}

export function report(input: ReportInput): string {
  const { stats: s, storm } = input;
  const o = storm.options;
  const main = input.scenarios.find((x) => x.name === input.main)!;
  const mainLatencies = all(main.runs, (r) => r.figures.placeLatencies);
  const p99 = quantile(mainLatencies, 0.99);
  const target = (runs: ScenarioResult[], t: 'lost' | 'folded') =>
    runs.every((r) => r.figures.checks.filter((c) => c.targets.includes(t)).every((c) => c.ok));
  const lost = (runs: ScenarioResult[]) => target(runs, 'lost');
  const folded = (runs: ScenarioResult[]) => target(runs, 'folded');

  const lines = [
    '# Incidents benchmark: Alertmanager webhook → explained incident, under an alert storm',
    '',
    `- Date: ${input.date}`,
    `- Machine: ${input.machine}, Node ${input.node}; run time ${input.seconds.toFixed(0)} s. The machine is shared: the 1-minute load average before and after each run is in the run table.`,
    `- Command: \`${input.command}\` (= \`node bench/incidents/run.ts\`; INCIDENTS_BENCH_RUNS, INCIDENTS_BENCH_SCENARIOS, INCIDENTS_BENCH_SEED to vary)`,
    `- Storm (\`bench/incidents/storm.ts\`, seed ${o.seed}): ${s.alerts} distinct alerts (${s.critical} critical, ${s.warning} warning) about ${s.places} places — ${s.workloadPlaces} workloads (Deployments and StatefulSets with their pods) in ${s.namespaces} namespaces, ${s.nodePlaces} nodes — of which ${s.criticalPlaces} have a critical alert (so ${s.criticalPlaces} incidents are expected) and ${s.warningOnlyPlaces} only warnings (no incident). Alerts start within ${o.lastStartMs / 1000} s, half of the places in three bursts; ${s.resolvedPlaces} places resolve entirely and ${s.resolvedAlerts} alerts in all resolve, each after everything about its place has been notified once.`,
    `- Delivery as Alertmanager does it, time compressed: grouped by alertname + namespace (${s.groups} groups, up to ${s.alertsPerNotification} alerts per notification), group_wait ${o.groupWaitMs} ms, group_interval ${o.groupIntervalMs} ms while a group changes, one repeat of every group after ${o.repeatAfterMs / 1000} s; every notification carries all the group's firing alerts and its newly resolved ones; annotations carry a value that moves every ${o.evaluationMs} ms. Two replicas (an HA pair whose gossip lags) both notify: the second's copy follows by ${o.replicaDelayMs[0]}–${o.replicaDelayMs[1]} ms. In all ${s.notifications} notifications, ${s.alertInstances} alerts in them (${s.notificationsPerAlert.min}–${s.notificationsPerAlert.max} per alert, mean ${s.notificationsPerAlert.mean.toFixed(1)}: every alert re-sent), the last sent ${(s.lastSendMs / 1000).toFixed(1)} s after the first; ${s.changedAnnotationResends} re-sends with changed annotations, ${s.outOfOrderCopies} copies arriving after the group's next notification, ${s.staleFiringCopies} firing copies of alerts arriving after their resolve.`,
    "- Service: the real `startService` (sidecar/src/cli/serve-command.ts) in demo mode — the simulated cluster as metric source and as the K8sGPT Results and Events source, its own simulated alerts off (`simulator.alerts: false`) so only the storm arrives — with the built-in explainer, an SQLite file (WAL) in a temporary directory, log level warn, listening on 127.0.0.1. The storm is sent by a worker thread (its own event loop, as Alertmanager is its own process) with fetch over HTTP/1.1 keep-alive, each pipeline (replica × group) one request after another as Alertmanager sends them, with the webhook's bearer token. The storm starts once every job has run once and the findings are synced.",
    "- Measured in the process (`bench/incidents/probe.ts`), nothing in the sidecar changed for it: the receiver's `AlertEvents.publish` and the manager's `handleAlerts` are wrapped on the running instances; `handleAlerts` settles when the incidents it touched are rebuilt, explained and saved, and the wrapper notes the time (process-wide monotonic clock, the same the sender uses) before the next batch starts, then looks up which of the batch's alerts are now in an incident with an explanation. A batch is matched to its request by pipeline and order (the k-th request of a pipeline that changed something is the k-th batch of that pipeline; checked to carry the batch's alerts).",
    "- Latency, per alert that opens or joins an incident: from the send of the notification whose batch put it into an explained, stored incident to that moment. For almost all alerts that is their first notification; warnings that arrived before their place's incident opened join with a later re-send, and are measured from that re-send (before it there was nothing for them to join). HTTP: request sent → response read, per notification.",
    "- Correctness (`bench/incidents/checks.ts`): the alert store after the run (every alert once, its final status and end, `receivedCount` equal to the notifications that carried it); the incidents in memory and as stored in SQLite against the storm's ground truth (one incident per place with a critical alert, none for warning-only places, no alert twice, no place mixed) and against `bench/incidents/oracle.ts`, a replay of the alert changes in the order the manager took them, folded by the generator's places rather than by labels.",
    '',
    '## Scenarios',
    '',
    ...input.scenarios.map((x) => `- **${x.name}**: ${x.runs[0].spec.description}`),
    '',
    '## Results',
    '',
    `Latencies in ms, all runs of a scenario pooled (${main.runs.length} runs each).`,
    '',
    '| scenario | alerts placed (by a re-send) | webhook → explained incident p50 | p90 | p99 | max | HTTP p50 | HTTP p99 | any change → stored p99 (of which: received p99, queue + rebuild p99) | backlog after the last send | alerts/s sent | event loop busy | loop delay p99 / max |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...input.scenarios.map(({ name, runs }) => {
      const place = all(runs, (r) => r.figures.placeLatencies);
      const http = all(runs, (r) => r.figures.httpLatencies);
      const batch = all(runs, (r) => r.figures.batchLatencies);
      const received = all(runs, (r) => r.figures.toPublish);
      const rebuilt = all(runs, (r) => r.figures.publishToStored);
      const placed = runs.reduce((n, r) => n + r.figures.placeLatencies.length, 0) / runs.length;
      const resend = runs.reduce((n, r) => n + r.figures.placedByResend, 0) / runs.length;
      const drain = Math.max(...runs.map((r) => r.figures.drainSpanMs));
      // drain: the last incident stored after the last notification was sent (≤ 0: nothing was left waiting)
      const rate =
        runs.reduce((n, r) => n + r.figures.outcomes.received / (r.figures.sendSpanMs / 1000), 0) / runs.length;
      const busy = runs.reduce((n, r) => n + r.loopUtilisation, 0) / runs.length;
      const delayP99 = Math.max(...runs.map((r) => r.loopDelay.p99));
      const delayMax = Math.max(...runs.map((r) => r.loopDelay.max));
      return `| ${name} | ${placed.toFixed(0)} (${resend.toFixed(0)}) | ${ms(quantile(place, 0.5))} | ${ms(quantile(place, 0.9))} | ${ms(quantile(place, 0.99))} | ${ms(Math.max(...place))} | ${ms(quantile(http, 0.5))} | ${ms(quantile(http, 0.99))} | ${ms(quantile(batch, 0.99))} (${ms(quantile(received, 0.99))}, ${ms(quantile(rebuilt, 0.99))}) | ${ms(Math.max(0, drain))} ms | ${rate.toFixed(0)} | ${(100 * busy).toFixed(0)}% | ${ms(delayP99)} / ${ms(delayMax)} |`;
    }),
    '',
    `Scenario ${main.name}, only the alerts placed by their very first notification (the issue's definition; the rest are warnings that arrived before their incident opened): ${(all(main.runs, (r) => r.figures.firstLatencies).length / main.runs.length).toFixed(0)} per run, p50 ${ms(
      quantile(
        all(main.runs, (r) => r.figures.firstLatencies),
        0.5
      )
    )} ms, p99 ${ms(
      quantile(
        all(main.runs, (r) => r.figures.firstLatencies),
        0.99
      )
    )} ms, max ${ms(Math.max(...all(main.runs, (r) => r.figures.firstLatencies)))} ms.`,
    '',
    'Per run:',
    '',
    '| scenario | run | p50 | p99 | max | HTTP p99 | backlog after the last send | incidents (expected) | stale / duplicate outcomes | CPU s (service + sender) | load avg before → after | start-up |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...input.scenarios.flatMap(({ name, runs }) =>
      runs.map((r, i) => {
        const f = r.figures;
        return `| ${name} | ${i + 1} | ${ms(quantile(f.placeLatencies, 0.5))} | ${ms(quantile(f.placeLatencies, 0.99))} | ${ms(Math.max(...f.placeLatencies))} | ${ms(quantile(f.httpLatencies, 0.99))} | ${ms(Math.max(0, f.drainSpanMs))} ms | ${f.incidentCount} (${f.expectedIncidents}) | ${f.outcomes.stale} / ${f.outcomes.duplicate} | ${r.cpuSeconds.toFixed(1)} | ${r.load[0].toFixed(2)} → ${r.load[1].toFixed(2)} | ${(r.startupMs / 1000).toFixed(1)} s |`;
      })
    ),
    '',
    `Over the storm (scenario ${main.name}, all runs pooled; by when the notification was sent):`,
    '',
    '| seconds into the storm | notifications | HTTP p50 | HTTP p99 | alerts placed | webhook → explained incident p50 | p99 | max |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...bySecond(main.runs),
    '',
    `Evidence present (scenario ${main.name}, run 1): ${main.runs[0].evidence.forecasts} forecasts, ${main.runs[0].evidence.anomalies} anomaly series, ${main.runs[0].evidence.findings} K8sGPT findings, ${main.runs[0].evidence.events} events; ${main.runs[0].evidence.incidentsWithEvidence} incidents cite some (the storm's places include the simulated cluster's workloads).`,
    '',
    `## Targets (scenario ${main.name})`,
    '',
    `- p99 from webhook to explained incident under ${P99_TARGET_MS / 1000} s: ${ms(p99)} ms → **${verdict(p99 < P99_TARGET_MS)}**`,
    `- No alert lost (every notification accepted and counted in the store, every alert stored with its final state, every critical alert in exactly one incident, every warning in its place's incident whenever one was open for it): **${verdict(lost(main.runs))}**`,
    `- Each duplicate folded into one incident (${main.runs[0].figures.expectedIncidents} places with a critical alert → ${main.runs.map((r) => r.figures.incidentCount).join(', ')} incidents; no alert twice, no alert in two incidents, incidents equal to the replay; resolves close, stale firings reopen nothing): **${verdict(folded(main.runs))}**`,
    '',
    'The other scenarios, for information (same targets):',
    '',
    ...input.scenarios
      .filter((x) => x.name !== main.name)
      .map((x) => {
        const p = quantile(
          all(x.runs, (r) => r.figures.placeLatencies),
          0.99
        );
        return `- ${x.name}: p99 ${ms(p)} ms → ${verdict(p < P99_TARGET_MS)}; no alert lost → ${verdict(lost(x.runs))}; folded → ${verdict(folded(x.runs))}${x.runs.every((r) => r.figures.checks.every((c) => c.ok)) ? '' : ' (failed checks below)'}`;
      }),
    '',
    '## Checks',
    '',
    '| check | ' + input.scenarios.map((x) => x.name).join(' | ') + ' |',
    '| --- | ' + input.scenarios.map(() => ':---:').join(' | ') + ' |',
    ...main.runs[0].figures.checks.map(
      (c, i) =>
        `| ${c.name} | ${input.scenarios
          .map((x) => x.runs.map((r) => (r.figures.checks[i].ok ? 'ok' : '**FAIL**')).join(' '))
          .join(' | ')} |`
    ),
    '',
    `Details (scenario ${main.name}, run 1):`,
    '',
    ...main.runs[0].figures.checks.map((c) => `- ${c.name}: ${c.detail}`),
    '',
    ...input.scenarios
      .filter((x) => x.name !== main.name)
      .flatMap((x) => {
        const failed = x.runs.flatMap((r, i) =>
          r.figures.checks.filter((c) => !c.ok).map((c) => `- ${x.name} run ${i + 1}: ${c.name}: ${c.detail}`)
        );
        return failed;
      }),
    '',
    '## Notes',
    '',
    ...input.notes.map((n) => `- ${n}`),
    '',
  ];
  return lines.join('\n');
}
