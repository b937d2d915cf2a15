import {
  evidenceCounts,
  explainerNote,
  kubectlCommand,
  matchesIncident,
  placeParts,
  placeText,
  placeTitle,
} from './findingsFormat';
import { incidentList } from './findingsFixtures';

const scope = (over: Partial<Parameters<typeof placeParts>[0]> = {}) => ({
  namespace: null,
  workload: null,
  pods: [],
  nodes: [],
  ...over,
});

describe('findings wording', () => {
  it('names the place from namespace to nodes, counting several pods or nodes and naming a single one', () => {
    expect(
      placeText(scope({ namespace: 'shop', workload: { kind: 'Deployment', name: 'checkout' }, pods: ['a', 'b'] }))
    ).toBe('shop / Deployment/checkout / 2 pods');
    expect(placeParts(scope({ namespace: 'data', pods: ['redis-0'], nodes: ['ip-1'] }))).toEqual([
      'data',
      'pod redis-0',
      'node ip-1',
    ]);
    expect(placeText(scope())).toBe('place unknown');
    expect(placeTitle(scope({ pods: ['a', 'b'], nodes: ['n'] }))).toBe('pod a\npod b\nnode n');
    expect(placeTitle(scope({ namespace: 'x' }))).toBeUndefined();
  });

  it('counts the evidence, leaving out what there is none of', () => {
    const counts = { alerts: 2, firing: 2, findings: 1, anomalies: 0, forecasts: 2, events: 1 };
    expect(evidenceCounts(counts)).toEqual(['2 alerts firing', '1 K8sGPT finding', '2 forecast crossings', '1 event']);
    expect(evidenceCounts({ ...counts, firing: 1, findings: 0, forecasts: 1, events: 0, anomalies: 3 })).toEqual([
      '2 alerts (1 firing)',
      '3 anomalies',
      '1 forecast crossing',
    ]);
  });

  it('filters incidents on status, severity and namespace together', () => {
    const { incidents } = incidentList(Date.now());
    const ids = (filter: Parameters<typeof matchesIncident>[1]) =>
      incidents.filter((i) => matchesIncident(i, filter)).map((i) => i.scope.namespace);
    expect(ids({})).toEqual(['payments', 'shop', 'data']);
    expect(ids({ status: 'open' })).toEqual(['payments', 'shop']);
    expect(ids({ severity: 'warning' })).toEqual(['data']);
    expect(ids({ status: 'open', namespace: 'shop' })).toEqual(['shop']);
    expect(ids({ status: 'resolved', severity: 'critical' })).toEqual([]);
  });

  it('says when an LLM wrote the explanation, naming the model, or why it fell back', () => {
    expect(explainerNote({ explainer: 'built-in', model: null, fallbackReason: null })).toBeNull();
    expect(explainerNote({ explainer: 'anthropic', model: 'claude-x', fallbackReason: null })).toEqual({
      tone: 'llm',
      text: 'Written by an LLM (claude-x via Anthropic) from the evidence below; the suggestions come from rules, not from the LLM.',
    });
    expect(explainerNote({ explainer: 'openai', model: null, fallbackReason: null })?.text).toMatch(
      /^Written by an LLM \(an OpenAI-compatible API\)/
    );
    expect(explainerNote({ explainer: 'built-in', model: null, fallbackReason: 'timeout after 30s' })).toEqual({
      tone: 'fallback',
      text: 'The configured LLM explainer failed (timeout after 30s); this is the built-in explanation.',
    });
  });

  it.each([
    ['rollout-restart', 'Deployment/shop/checkout', 'kubectl -n shop rollout restart deployment/checkout'],
    ['rollback', 'StatefulSet/data/redis', 'kubectl -n data rollout undo statefulset/redis'],
    ['delete-pod', 'Pod/data/redis-0', 'kubectl -n data delete pod redis-0'],
    ['cordon-node', 'Node/ip-10-0-1-12', 'kubectl cordon ip-10-0-1-12'],
    ['drain-node', 'Node/ip-10-0-1-12', 'kubectl drain ip-10-0-1-12 --ignore-daemonsets --delete-emptydir-data'],
    // No single command: the new size is a decision, the rest are not kubectl actions.
    ['scale', 'HorizontalPodAutoscaler/shop/checkout', null],
    ['investigate', null, null],
    ['k8sgpt-analysis', 'Pod/shop/checkout-1', null],
    // A kind the action does not apply to, or a malformed target, gives no command rather than a wrong one.
    ['rollout-restart', 'Pod/shop/checkout-1', null],
    ['cordon-node', 'Deployment/shop/checkout', null],
    ['delete-pod', 'shop-checkout', null],
  ] as const)('the kubectl command of %s on %s is %s', (kind, target, command) => {
    expect(kubectlCommand({ kind, target })).toBe(command);
  });
});
