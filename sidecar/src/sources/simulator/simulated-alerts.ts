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

/** Every alert occurrence over the simulation, ordered by start. */
export function simulatedAlerts(cluster: SimulatedCluster): SimulatedAlert[] {
  const at = (offset: number) => cluster.anchorMs + offset;
  const alerts: SimulatedAlert[] = [];
  for (const pod of cluster.pods) {
    let previousKill = pod.createdMs;
    for (const killMs of pod.oomKillsMs) {
      const labels = { namespace: pod.deployment.namespace, pod: pod.name, container: pod.deployment.container };
      // ContainerMemoryLimitPredicted: forecast crossing under an hour away, for 10 minutes; the restart clears it.
      const predictedAt = Math.max(previousKill, killMs - HOUR + 10 * MIN);
      alerts.push(
        simulatedAlert(
          {
            alertname: 'ContainerMemoryLimitPredicted',
            ...labels,
            forecast_job: 'container-memory',
            severity: 'critical',
          },
          {
            summary: `${labels.namespace}/${labels.pod} (${labels.container}) is forecast to reach its memory limit within the hour`,
            description: 'Forecast crossing in under an hour; OOMKill expected.',
          },
          predictedAt,
          killMs,
          'prophet_forecast_seconds_to_threshold{forecast_job="container-memory"} < 3600'
        ),
        simulatedAlert(
          { alertname: 'ContainerOOMKilled', ...labels, severity: 'warning' },
          { summary: `${labels.namespace}/${labels.pod} (${labels.container}) was OOMKilled and restarted` },
          killMs + MIN,
          killMs + 16 * MIN,
          'increase(kube_pod_container_status_restarts_total[10m]) > 0 and kube_pod_container_status_last_terminated_reason{reason="OOMKilled"} == 1'
        )
      );
      previousKill = killMs;
    }
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
    // The frontend HPA pinned at its maximum of 10 replicas while the spike lasts: a warning only.
    simulatedAlert(
      {
        alertname: 'KubeHpaMaxedOut',
        namespace: 'shop',
        horizontalpodautoscaler: 'frontend',
        deployment: 'frontend',
        severity: 'warning',
      },
      { summary: 'HPA shop/frontend has been running at max replicas for longer than 15 minutes.' },
      at(TIMELINE.hpaSteps[1].at + 15 * MIN),
      at(TIMELINE.hpaSteps[2].at),
      'kube_horizontalpodautoscaler_status_current_replicas == kube_horizontalpodautoscaler_spec_max_replicas'
    ),
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
