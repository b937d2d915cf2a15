// The alerts a Prometheus with our rule files (deploy/prometheus) and the generated SLO rules would send to
// Alertmanager for the simulated cluster's scripted incidents: the demo's stand-in for a real Alertmanager. Times
// follow the rules' thresholds and `for:` durations applied to the scripted timeline, so the demo's incidents open
// when a real setup's would.
import { createHash } from 'node:crypto';
import type { SimulatedCluster } from './cluster.ts';
import { TIMELINE } from './incidents.ts';

export interface SimulatedAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: number;
  /** When it stops firing (Alertmanager then sends it resolved); null: still firing at the horizon's end. */
  endsAt: number | null;
  generatorURL: string;
  /** Like Alertmanager's: a hash of the label set, the same for every occurrence of the alert. */
  fingerprint: string;
}

const MIN = 60_000;
const HOUR = 60 * MIN;

function fingerprintOf(labels: Record<string, string>): string {
  const text = Object.keys(labels)
    .sort()
    .map((name) => `${name}\u0000${labels[name]}`)
    .join('\u0001');
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/**
 * The frontend HPA pinned at its maximum of 10 replicas while the spike lasts (a warning only), for 15 minutes
 * before it fires; a raised maximum (scale-hpa) ends it at the next evaluation, or keeps it from firing.
 */
function hpaMaxedOut(cluster: SimulatedCluster): SimulatedAlert[] {
  const hpa = cluster.hpas.find((h) => h.deployment.namespace === 'shop' && h.deployment.name === 'frontend');
  if (!hpa) {
    return [];
  }
  const pinnedFrom = cluster.anchorMs + TIMELINE.hpaSteps[1].at;
  const scriptedEnd = cluster.anchorMs + TIMELINE.hpaSteps[2].at;
  const raises = cluster.interventions
    .list()
    .filter((i) => i.type === 'scale-hpa' && i.hpa === 'shop/frontend' && i.atMs > pinnedFrom && i.atMs < scriptedEnd)
    .map((i) => i.atMs);
  const pinnedUntil =
    [pinnedFrom, ...raises.sort((a, b) => a - b)].find(
      (t) => cluster.hpaMaxReplicas(hpa, t) > cluster.desiredReplicas(hpa.deployment, t)
    ) ?? scriptedEnd;
  const startsAt = pinnedFrom + 15 * MIN;
  if (pinnedUntil < startsAt) {
    return [];
  }
  return [
    simulatedAlert(
      {
        alertname: 'KubeHpaMaxedOut',
        namespace: 'shop',
        horizontalpodautoscaler: 'frontend',
        deployment: 'frontend',
        severity: 'warning',
      },
      { summary: 'HPA shop/frontend has been running at max replicas for longer than 15 minutes.' },
      startsAt,
      pinnedUntil === scriptedEnd ? scriptedEnd : pinnedUntil + MIN,
      'kube_horizontalpodautoscaler_status_current_replicas == kube_horizontalpodautoscaler_spec_max_replicas'
    ),
  ];
}

function memoryLimitPredicted(labels: Record<string, string>, startsAt: number, endsAt: number): SimulatedAlert {
  return simulatedAlert(
    { alertname: 'ContainerMemoryLimitPredicted', ...labels, forecast_job: 'container-memory', severity: 'critical' },
    {
      summary: `${labels.namespace}/${labels.pod} (${labels.container}) is forecast to reach its memory limit within the hour`,
      description: 'Forecast crossing in under an hour; OOMKill expected.',
    },
    startsAt,
    endsAt,
    'prophet_forecast_seconds_to_threshold{forecast_job="container-memory"} < 3600'
  );
}

function simulatedAlert(
  labels: Record<string, string>,
  annotations: Record<string, string>,
  startsAt: number,
  endsAt: number | null,
  expr: string
): SimulatedAlert {
  return {
    labels,
    annotations,
    startsAt,
    endsAt,
    generatorURL: `http://prometheus.simulated:9090/graph?g0.expr=${encodeURIComponent(expr)}&g0.tab=1`,
    fingerprint: fingerprintOf(labels),
  };
}

/**
 * Every alert occurrence over the simulation, ordered by start, with the interventions recorded so far: an
 * intervention that starts a pod fresh ends its per-pod alerts a minute later (the next rule evaluation) and moves
 * the OOM kills, and with them the later alerts.
 */
export function simulatedAlerts(cluster: SimulatedCluster): SimulatedAlert[] {
  const at = (offset: number) => cluster.anchorMs + offset;
  const alerts: SimulatedAlert[] = [];
  for (const pod of cluster.pods) {
    const labels = { namespace: pod.deployment.namespace, pod: pod.name, container: pod.deployment.container };
    const { segments } = pod.lifecycle();
    segments.forEach((segment, index) => {
      // ContainerMemoryLimitPredicted: forecast crossing under an hour away, for 10 minutes; the OOM kill's restart
      // clears it, or an intervention that starts the container fresh does at the next evaluation. A pod replaced by
      // a release before its kill is left out (the scripted story's releases).
      if (segment.leaking && pod.leakPeriodMs !== null && segment.endedBy !== 'end') {
        const killMs = segment.startMs + pod.leakPeriodMs;
        const predictedAt = Math.max(segment.startMs, killMs - HOUR + 10 * MIN);
        if (predictedAt < segment.endMs) {
          alerts.push(
            memoryLimitPredicted(labels, predictedAt, segment.endedBy === 'oom' ? segment.endMs : segment.endMs + MIN)
          );
        }
      }
      if (segment.endedBy === 'oom') {
        const killMs = segment.endMs;
        const after = segments[index + 1];
        // The OOM kill shows for 15 minutes, unless an intervention clears the last-terminated reason sooner.
        const clearedMs = after?.endedBy === 'reset' ? after.endMs + MIN : Infinity;
        if (clearedMs > killMs + MIN) {
          alerts.push(
            simulatedAlert(
              { alertname: 'ContainerOOMKilled', ...labels, severity: 'warning' },
              { summary: `${labels.namespace}/${labels.pod} (${labels.container}) was OOMKilled and restarted` },
              killMs + MIN,
              Math.min(killMs + 16 * MIN, clearedMs),
              'increase(kube_pod_container_status_restarts_total[10m]) > 0 and kube_pod_container_status_last_terminated_reason{reason="OOMKilled"} == 1'
            )
          );
        }
      }
    });
  }
  alerts.push(
    // The payments-api availability SLO's page alert (14.4× over 1 h and 5 m) once the ramp passes 2.9% errors.
    simulatedAlert(
      {
        alertname: 'SLOErrorBudgetBurn',
        sloth_id: 'payments-api-availability',
        sloth_service: 'payments-api',
        sloth_slo: 'availability',
        sloth_severity: 'page',
        severity: 'critical',
        namespace: 'payments',
        service: 'api',
      },
      { summary: 'payments-api availability: the error budget is burning 14.4× too fast (page)' },
      at(TIMELINE.burnStart + 55 * MIN),
      at(TIMELINE.burnEnd + 10 * MIN),
      'slo:sli_error:ratio_rate1h{sloth_id="payments-api-availability"} > (14.4 * 0.002)'
    ),
    ...hpaMaxedOut(cluster),
    simulatedAlert(
      { alertname: 'CPUThrottlingHigh', namespace: 'data', container: 'worker', severity: 'warning' },
      { summary: 'data/worker is throttled: its CPU is close to the 2-core limit.' },
      at(TIMELINE.surgeStart + 30 * MIN),
      at(TIMELINE.surgeEnd + 10 * MIN),
      'sum by (namespace, container) (rate(container_cpu_cfs_throttled_periods_total[5m])) > 0.25'
    )
  );
  return alerts.sort((a, b) => a.startsAt - b.startsAt);
}

/** The current alert list, recomputed only when an intervention was recorded since the last call. */
export function liveSimulatedAlerts(cluster: SimulatedCluster): () => SimulatedAlert[] {
  let cached: { version: number; alerts: SimulatedAlert[] } | null = null;
  return () => {
    if (cached?.version !== cluster.interventions.version) {
      cached = { version: cluster.interventions.version, alerts: simulatedAlerts(cluster) };
    }
    return cached.alerts;
  };
}
