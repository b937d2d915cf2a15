import { dateTimeFormat } from '@grafana/data';
import type {
  IncidentExplanation,
  IncidentScope,
  IncidentSeverity,
  IncidentSummary,
  RemediationSuggestion,
} from '../../api/types';

// How the Findings pages word incidents and findings; pure so the tests can pin every case.

export const SEVERITIES: IncidentSeverity[] = ['critical', 'warning', 'info'];
export const isSeverity = (v: unknown): v is IncidentSeverity => SEVERITIES.includes(v as IncidentSeverity);

/** Wall-clock time for hover text and headlines, in the viewer's Grafana time zone. */
export const formatTime = (t: number) => dateTimeFormat(t, { format: 'YYYY-MM-DD HH:mm:ss' });

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Where the problem is, most general first: ["shop", "Deployment/checkout", "2 pods"]; one pod or node by name. */
export function placeParts(scope: IncidentScope): string[] {
  const many = (names: string[], one: string) =>
    names.length === 1 ? `${one} ${names[0]}` : plural(names.length, one);
  return [
    scope.namespace,
    scope.workload && `${scope.workload.kind}/${scope.workload.name}`,
    scope.pods.length ? many(scope.pods, 'pod') : null,
    scope.nodes.length ? many(scope.nodes, 'node') : null,
  ].filter((p): p is string => !!p);
}

export const placeText = (scope: IncidentScope) => placeParts(scope).join(' / ') || 'place unknown';

/** Every pod and node by name, for hover: the list only counts them. */
export function placeTitle(scope: IncidentScope): string | undefined {
  const lines = [...scope.pods.map((p) => `pod ${p}`), ...scope.nodes.map((n) => `node ${n}`)];
  return lines.length ? lines.join('\n') : undefined;
}

/** "2 alerts (1 firing) · 1 anomaly · 2 forecasts": what the incident rests on, zero counts left out. */
export function evidenceCounts(counts: IncidentSummary['counts']): string[] {
  const alerts =
    counts.alerts === 0
      ? null
      : counts.firing === counts.alerts
        ? `${plural(counts.alerts, 'alert')} firing`
        : `${plural(counts.alerts, 'alert')} (${counts.firing} firing)`;
  return [
    alerts,
    counts.findings ? plural(counts.findings, 'K8sGPT finding') : null,
    counts.anomalies ? plural(counts.anomalies, 'anomaly', 'anomalies') : null,
    counts.forecasts ? plural(counts.forecasts, 'forecast crossing', 'forecast crossings') : null,
    counts.events ? plural(counts.events, 'event') : null,
  ].filter((c): c is string => c !== null);
}

export interface IncidentFilter {
  status?: IncidentSummary['status'];
  severity?: IncidentSeverity;
  namespace?: string;
}

export function matchesIncident(incident: IncidentSummary, filter: IncidentFilter): boolean {
  return (
    (!filter.status || incident.status === filter.status) &&
    (!filter.severity || incident.severity === filter.severity) &&
    (!filter.namespace || incident.scope.namespace === filter.namespace)
  );
}

/** The distinct non-empty values, sorted, for a filter's options. */
export const distinct = (values: Array<string | null>) =>
  [...new Set(values.filter((v): v is string => !!v))].sort((a, b) => a.localeCompare(b));

/** Who wrote the explanation, when it matters to how far to trust it; null for the built-in explainer. */
export function explainerNote(e: Pick<IncidentExplanation, 'explainer' | 'model' | 'fallbackReason'>): {
  tone: 'llm' | 'fallback';
  text: string;
} | null {
  if (e.fallbackReason) {
    return {
      tone: 'fallback',
      text: `The configured LLM explainer failed (${e.fallbackReason}); this is the built-in explanation.`,
    };
  }
  if (e.explainer === 'built-in') {
    return null;
  }
  const provider = e.explainer === 'openai' ? 'an OpenAI-compatible API' : 'Anthropic';
  const model = e.model ? `${e.model} via ${provider}` : provider;
  return {
    tone: 'llm',
    text: `Written by an LLM (${model}) from the evidence below; the suggestions come from rules, not from the LLM.`,
  };
}

export const formatConfidence = (confidence: number) => `${Math.round(confidence * 100)}%`;

/** "Deployment/shop/checkout" → { kind, namespace, name }; "Node/ip-1" has no namespace. */
export function parseTarget(target: string): { kind: string; namespace: string | null; name: string } | null {
  const parts = target.split('/');
  if (parts.length === 3 && parts.every(Boolean)) {
    return { kind: parts[0], namespace: parts[1], name: parts[2] };
  }
  if (parts.length === 2 && parts.every(Boolean)) {
    return { kind: parts[0], namespace: null, name: parts[1] };
  }
  return null;
}

const ROLLABLE = ['Deployment', 'StatefulSet', 'DaemonSet'];

/**
 * The kubectl command that carries out a suggestion by hand, for the kinds with one unambiguous command; null for
 * scale (the new size is a decision), investigate, silence and analysis.
 */
export function kubectlCommand(s: Pick<RemediationSuggestion, 'kind' | 'target'>): string | null {
  const t = s.target ? parseTarget(s.target) : null;
  if (!t) {
    return null;
  }
  const ns = t.namespace ? `-n ${t.namespace} ` : '';
  const workload = `${t.kind.toLowerCase()}/${t.name}`;
  switch (s.kind) {
    case 'rollout-restart':
      return ROLLABLE.includes(t.kind) ? `kubectl ${ns}rollout restart ${workload}` : null;
    case 'rollback':
      return ROLLABLE.includes(t.kind) ? `kubectl ${ns}rollout undo ${workload}` : null;
    case 'delete-pod':
      return t.kind === 'Pod' ? `kubectl ${ns}delete pod ${t.name}` : null;
    case 'cordon-node':
      return t.kind === 'Node' ? `kubectl cordon ${t.name}` : null;
    case 'drain-node':
      return t.kind === 'Node' ? `kubectl drain ${t.name} --ignore-daemonsets --delete-emptydir-data` : null;
    default:
      return null;
  }
}

/** "rollout-restart" → "rollout restart", for the kind badge. */
export const kindLabel = (kind: RemediationSuggestion['kind']) => kind.replace(/-/g, ' ');
