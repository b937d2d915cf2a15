// The prompt an LLM explainer sends: the incident's evidence as short lines, each under a key the reply must cite
// ("alert-1", "finding-2", …). Values are masked one by one (never the template around them) and only the content
// is sent, in a form that does not move with every notification: alert occurrences folded per alert, times rounded
// and relative to the incident's opening, counts in words. The same incident content gives the same prompt, which
// is what the explanation cache keys on.
import { NAME_LABELS, type Anonymizer } from './anonymizer.ts';
import { ANOMALY_KIND_TEXT } from './evidence-text.ts';
import { evidenceRef } from './observations.ts';
import { formatValue, roughOffset } from './time-text.ts';
import type { EvidenceRef, IncidentAlert, IncidentContext } from './types.ts';

export interface ExplanationPrompt {
  system: string;
  user: string;
  /** The keys the reply may cite, and the evidence each stands for. */
  keys: ReadonlyMap<string, EvidenceRef>;
}

/** Evidence lines per type beyond which the oldest are left out, to bound the prompt. */
export const MAX_LINES_PER_TYPE = 12;

// Labels sent as they are: they describe the alert, not where it is. Name labels go masked; any other label is left
// out when anonymising, since its value may be a name the masking does not know.
const DESCRIPTIVE_LABELS = new Set([
  'alertname',
  'severity',
  'reason',
  'resource',
  'condition',
  'phase',
  'code',
  'sloth_slo',
  'forecast_job',
  'anomaly_job',
]);

export const EXPLANATION_SYSTEM_PROMPT = [
  'You explain Kubernetes incidents to the on-call engineer. You are given the evidence correlated to one incident:',
  'alerts, K8sGPT findings, anomalies, forecasts and Kubernetes events, each under a key in square brackets.',
  'Reply with one JSON object and nothing else, of this form:',
  '{"summary": "…", "cause": "…", "details": [{"text": "…", "evidence": ["finding-1"]}]}',
  'summary: one or two plain sentences: what broke, since when, and the most likely cause.',
  'cause: the most likely cause in a few words.',
  'details: up to 6 observations supporting or qualifying the cause, each citing the keys of the evidence it rests on.',
  'Cite only keys that appear in the evidence. Times are relative to T, when the incident opened.',
  'Names such as namespace-1, deployment-2, pod-3, node-1 or host-1 stand for real names: write them exactly as given.',
  'Do not recommend actions: remediation is suggested separately.',
].join('\n');

const countWords = (n: number) => (n <= 1 ? 'once' : n < 10 ? 'a few times' : 'many times');

export function buildExplanationPrompt(context: IncidentContext, anonymizer: Anonymizer | null): ExplanationPrompt {
  const m = anonymizer ? anonymizer.mask : (text: string) => text;
  const at = (ms: number) => `T${roughOffset(ms - context.openedAt)}`;
  const keys = new Map<string, EvidenceRef>();
  const lines: string[] = [];
  const { scope } = context;
  // The incident first, so placeholders are numbered in reading order.
  const title = m(context.title);
  const where = [
    scope.namespace ? `namespace ${m(scope.namespace)}` : null,
    scope.workload ? `${scope.workload.kind} ${m(scope.workload.name)}` : null,
    scope.pods.length > 0 ? `pods ${scope.pods.map(m).join(', ')}` : null,
    scope.nodes.length > 0 ? `nodes ${scope.nodes.map(m).join(', ')}` : null,
  ].filter((part) => part !== null);
  const section = <T>(
    type: EvidenceRef['type'],
    items: T[],
    sortKey: (item: T) => number,
    ref: (item: T) => EvidenceRef,
    line: (item: T) => string
  ) => {
    const chosen = [...items].sort((a, b) => sortKey(a) - sortKey(b)).slice(-MAX_LINES_PER_TYPE);
    chosen.forEach((item, i) => {
      const key = `${type}-${i + 1}`;
      keys.set(key, ref(item));
      lines.push(`[${key}] ${line(item)}`);
    });
  };

  const labelsOf = (alert: IncidentAlert) =>
    Object.keys(alert.labels)
      .sort()
      .filter((label) => !anonymizer || NAME_LABELS[label] || DESCRIPTIVE_LABELS.has(label))
      .map((label) => `${label}=${NAME_LABELS[label] ? m(alert.labels[label]) : alert.labels[label]}`)
      .join(', ');
  // A flapping alert is one line however often it fired (its first occurrence), so re-firing asks nothing new.
  const firstOccurrences = new Map<string, IncidentAlert>();
  for (const alert of context.alerts) {
    const seen = firstOccurrences.get(alert.fingerprint);
    if (!seen || alert.startsAt < seen.startsAt) {
      firstOccurrences.set(alert.fingerprint, alert);
    }
  }
  section(
    'alert',
    [...firstOccurrences.values()],
    (a) => a.startsAt,
    evidenceRef.alert,
    (a) =>
      [
        `alert ${m(a.alertname)} since ${at(a.startsAt)}; labels: ${labelsOf(a)}`,
        ...['summary', 'description', 'message']
          .filter((k) => a.annotations[k])
          .map((k) => `${k}: ${m(a.annotations[k])}`),
      ].join('; ')
  );
  section(
    'finding',
    context.findings,
    (f) => f.firstSeen,
    evidenceRef.finding,
    (f) =>
      [
        `K8sGPT finding on ${f.kind} ${m(f.name)}${f.parentObject ? ` (owner ${m(f.parentObject)})` : ''} since ${at(f.firstSeen)}` +
          (f.goneAt === null ? '' : ', no longer reported'),
        ...f.errors.map((e) => `error: ${m(e)}`),
        ...(f.details ? [`K8sGPT's explanation: ${m(f.details)}`] : []),
      ].join('; ')
  );
  section(
    'anomaly',
    context.anomalies,
    (a) => a.start,
    evidenceRef.anomaly,
    (a) =>
      `anomaly on "${m(a.title)}": ${ANOMALY_KIND_TEXT[a.kind] ?? a.kind}${a.direction ? ` ${a.direction}` : ''} since ${at(a.start)}, ` +
      `score ${a.score.toFixed(1)}, ${a.ongoing ? 'ongoing' : 'over'}`
  );
  section(
    'forecast',
    context.forecasts,
    (f) => f.crossesAt,
    evidenceRef.forecast,
    (f) => `forecast "${m(f.title)}": goes ${f.direction} ${formatValue(f.threshold, f.unit)} at ${at(f.crossesAt)}`
  );
  section(
    'event',
    context.events,
    (e) => e.lastSeen,
    evidenceRef.event,
    (e) =>
      `${e.type} event ${e.reason} on ${m(e.object)}, ${countWords(e.count)}, last at ${at(e.lastSeen)}: ${m(e.message)}`
  );

  const user = [
    `Incident: ${title}`,
    `Severity: ${context.severity}`,
    `Where: ${where.join('; ') || 'not known'}`,
    '',
    'Evidence:',
    ...lines,
  ].join('\n');
  return { system: EXPLANATION_SYSTEM_PROMPT, user, keys };
}
