// Node rules: a node that is not ready or under resource pressure is cordoned, then drained; a StatefulSet's pod on
// a lost node is deleted so it can be recreated elsewhere.
import { labelOf, refsOf, type IncidentFacts } from './incident-facts.ts';
import { draft, type RuleMatch } from './remediation-rule.ts';

export function nodeRules(facts: IncidentFacts, symptom: 'node-not-ready' | 'node-pressure'): RuleMatch | null {
  const seen = facts.seen(symptom);
  if (seen.length === 0) {
    return null;
  }
  const node = seen.find((o) => o.node)?.node ?? facts.context.scope.nodes[0] ?? null;
  const evidence = refsOf(seen);
  const condition =
    symptom === 'node-not-ready' ? 'not ready' : `under ${seen.find((o) => o.detail)?.detail ?? 'resource pressure'}`;
  const [cordon, drain] = symptom === 'node-not-ready' ? [0.8, 0.6] : [0.7, 0.5];
  if (!node) {
    return {
      rule: symptom,
      cause: `a node ${condition}`,
      because: 'the evidence reports a node problem but does not name the node',
      evidence,
      suggestions: [
        draft('investigate', null, 0.5, `Find the node that is ${condition}`, 'No evidence names the node.', evidence),
      ],
    };
  }
  const suggestions = [
    draft(
      'cordon-node',
      `Node/${node}`,
      cordon,
      `Cordon node ${node}: it is ${condition}`,
      `Cordoning stops new pods from landing on ${node} while it is ${condition}; running pods stay.`,
      evidence
    ),
    draft(
      'drain-node',
      `Node/${node}`,
      drain,
      `Drain node ${node} once cordoned, so its pods move to healthy nodes`,
      `Draining evicts ${node}'s pods (respecting PodDisruptionBudgets) so their controllers start them elsewhere.`,
      evidence
    ),
  ];
  // A StatefulSet does not replace a pod on a lost node until the pod is deleted; a Deployment does by itself.
  const w = facts.workload;
  if (symptom === 'node-not-ready' && w?.kind === 'StatefulSet') {
    for (const pod of facts.context.scope.pods) {
      suggestions.push(
        draft(
          'delete-pod',
          `Pod/${w.namespace}/${pod}`,
          0.5,
          `Delete pod ${w.namespace}/${pod} so ${labelOf(w)} recreates it on a healthy node`,
          `A StatefulSet keeps a pod on an unreachable node until it is deleted, to never run two copies.`,
          evidence
        )
      );
    }
  }
  return {
    rule: symptom,
    cause: `node ${node} is ${condition}`,
    because: `${seen.length} piece(s) of evidence report node ${node} ${condition}`,
    evidence,
    suggestions,
  };
}
