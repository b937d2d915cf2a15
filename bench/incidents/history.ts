// A week of resolved incidents already in the store when the service starts, as a sidecar that has been running
// keeps them (resolved incidents are pruned after 7 days): the incident manager loads them all, and every alert
// of the storm is first looked up among them.
import { SqliteStore } from '../../sidecar/src/store/sqlite-store.ts';
import type { Incident, IncidentAlert } from '../../sidecar/src/incidents/types.ts';
import { createRng, k8sSuffix } from './random.ts';

const DAY = 86_400_000;

export function seedHistory(dbPath: string, count: number, now: number, seed = 99): number {
  const rng = createRng(seed);
  const store = new SqliteStore(dbPath);
  let alerts = 0;
  try {
    store.database.transaction(() => {
      for (let i = 0; i < count; i++) {
        const openedAt = now - 7 * DAY + Math.round(rng.uniform(0.1, 6.9) * DAY);
        const namespace = `team-${rng.int(1, 60)}`;
        const name = `svc-${k8sSuffix(rng, 4)}`;
        const list: IncidentAlert[] = Array.from({ length: rng.int(1, 7) }, (_, k) => {
          const pod = `${name}-${k8sSuffix(rng, 9)}-${k8sSuffix(rng, 5)}`;
          return {
            fingerprint: `${i.toString(16).padStart(8, '0')}${k.toString(16).padStart(8, '0')}`,
            alertname: rng.pick(['KubePodCrashLooping', 'KubePodNotReady', 'KubeContainerWaiting']),
            status: 'resolved',
            severity: k === 0 ? 'critical' : rng.pick(['critical', 'warning']),
            labels: { namespace, pod, container: name },
            annotations: { summary: `${pod} is not well` },
            startsAt: openedAt + k * 60_000,
            endsAt: openedAt + rng.int(10, 120) * 60_000,
            generatorURL: null,
          };
        });
        alerts += list.length;
        const resolvedAt = Math.max(...list.map((a) => a.endsAt!));
        const incident: Incident = {
          id: `inc-history-${i}`,
          title: `${list[0].alertname} on Deployment ${namespace}/${name}`,
          severity: 'critical',
          scope: {
            namespace,
            workload: { kind: 'Deployment', name },
            pods: list.map((a) => a.labels.pod).sort(),
            nodes: [],
          },
          openedAt,
          alerts: list,
          findings: [],
          anomalies: [],
          forecasts: [],
          events: [],
          status: 'resolved',
          updatedAt: resolvedAt,
          resolvedAt,
          timeline: list.map((a) => ({
            at: a.startsAt,
            type: 'alert',
            text: `${a.alertname} fired`,
            ref: { type: 'alert', id: a.fingerprint },
          })),
          explanation: {
            summary: `${name} in ${namespace} was crash looping.`,
            cause: 'crash loop',
            details: [],
            explainer: 'built-in',
            model: null,
            generatedAt: resolvedAt,
            fallbackReason: null,
          },
          suggestions: [],
        };
        store.incidents.saveIncident(incident);
      }
    });
  } finally {
    store.close();
  }
  return alerts;
}
