// A storm notification as the JSON body Alertmanager POSTs (webhook payload version 4), at absolute times: the
// storm's t = 0 is `epochMs`.
import type { Storm, StormAlert, StormNotification } from './storm.ts';

/** RFC 3339 with nanoseconds, as Alertmanager writes them. */
function rfc3339(ms: number, nanos = '000000'): string {
  return new Date(ms).toISOString().replace('Z', `${nanos}Z`);
}

/** The storm-relative description of a place, for the annotations. */
function where(alert: StormAlert): string {
  const l = alert.labels;
  return l.pod ?? l.deployment ?? l.statefulset ?? l.service ?? l.node ?? l.instance ?? 'the cluster';
}

export function annotationsOf(alert: StormAlert, version: number): Record<string, string> {
  // The value moves with every evaluation, so a re-send after an evaluation carries changed annotations.
  const value = 10 + ((version * 7 + alert.fingerprint.charCodeAt(0)) % 90);
  return {
    summary: `${alert.alertname} on ${where(alert)}`,
    description: `${where(alert)}${alert.labels.namespace ? ` in ${alert.labels.namespace}` : ''}: ${value} ${alert.measure}`,
    runbook_url: `https://runbooks.prometheus-operator.dev/runbooks/general/${alert.alertname.toLowerCase()}`,
  };
}

export function startsAtMs(alert: StormAlert, epochMs: number): number {
  return epochMs + alert.startMs - alert.leadMs;
}

function intersect(maps: Array<Record<string, string>>): Record<string, string> {
  const [first, ...rest] = maps;
  return Object.fromEntries(Object.entries(first ?? {}).filter(([k, v]) => rest.every((m) => m[k] === v)));
}

export function payloadOf(storm: Storm, n: StormNotification, epochMs: number, byFingerprint: Map<string, StormAlert>) {
  // A copy carries what the original carried (same evaluation, same provisional end).
  const flushedAt = n.copyOf === null ? n.atMs : storm.notifications[n.copyOf].atMs;
  const alerts = n.alerts.map((a) => {
    const alert = byFingerprint.get(a.fingerprint)!;
    const resolved = a.status === 'resolved';
    return {
      status: a.status,
      labels: alert.labels,
      annotations: annotationsOf(alert, a.version),
      startsAt: rfc3339(startsAtMs(alert, epochMs), alert.nanos),
      // Firing: Prometheus' provisional end (4 evaluation intervals ahead); resolved: when it ended.
      endsAt: rfc3339(epochMs + (resolved ? alert.resolveMs! : flushedAt + 4 * storm.options.evaluationMs)),
      generatorURL: `http://prometheus-k8s-0:9090/graph?g0.expr=ALERTS%7Balertname%3D%22${alert.alertname}%22%7D&g0.tab=1`,
      fingerprint: alert.fingerprint,
    };
  });
  return {
    receiver: 'prophet-sidecar',
    status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
    alerts,
    groupLabels: n.groupLabels,
    commonLabels: intersect(alerts.map((a) => a.labels)),
    commonAnnotations: intersect(alerts.map((a) => a.annotations)),
    externalURL: n.externalURL,
    version: '4',
    groupKey: n.groupKey,
    truncatedAlerts: 0,
  };
}
