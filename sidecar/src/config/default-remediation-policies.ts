// The remediation policies that run when the config names none (neither remediation.policies nor
// remediation.policyFiles), written as they would be in YAML and validated like any other policy at start-up.
// Everything that changes the cluster needs a person's approval; only the K8sGPT analysis (which changes nothing)
// runs by itself. The triggers are what kube-prometheus-stack, our rule files (deploy/prometheus) and K8sGPT
// produce, so the same policies serve the demo's simulated cluster and a real one:
//
// | Policy                       | Demo incident it acts on                                                      |
// |------------------------------|-------------------------------------------------------------------------------|
// | restart-on-memory-leak       | checkout-memory-leak: ContainerMemoryLimitPredicted on shop/checkout's pods    |
// | raise-hpa-max-on-maxed-out   | frontend-traffic-spike: KubeHpaMaxedOut on shop/frontend (a warning: it acts  |
// |                              | when the alert belongs to an incident or is matched on its own)               |
// | k8sgpt-analysis-on-anomaly   | any ongoing anomaly of a workload (checkout's memory, payments' 5xx ratio, …)  |
// | delete-crashlooping-pod      | none in the demo (its OOM-killed pods are the memory policy's)                |
// | cordon-not-ready-node        | none in the demo                                                              |
import type { PolicyInput } from '../remediation/policy/policy-schema.ts';

// K8sGPT's pod analyzer reports a crash loop as the kubelet's back-off message, or as the last termination reason
// when there is one. OOMKilled is left out: deleting the pod of a leaking container only postpones the next kill.
const CRASH_LOOP =
  'CrashLoopBackOff|back-?off \\S+ restarting failed container|last termination reason is (Error|ContainerCannotRun|StartError)';
// K8sGPT's node analyzer reports every condition that is not as it should be; these mean "not ready".
const NODE_NOT_READY = 'NodeNotReady|NodeUnreachable|NodeStatusUnknown|KubeletNotReady|condition of type Ready\\b';

export const DEFAULT_REMEDIATION_POLICIES: PolicyInput[] = [
  {
    name: 'restart-on-memory-leak',
    description:
      'A container is forecast to reach its memory limit within the hour, the mark of a leak: a rolling restart ' +
      'starts its pods from their baseline memory again, buying time until the leak is fixed. If the alert has not ' +
      'cleared 3 minutes later, the restart did not help: propose rolling back to the previous revision.',
    trigger: { alert: { labels: { alertname: 'ContainerMemoryLimitPredicted' } } },
    action: {
      type: 'rollout-restart',
      target: 'workload',
      approval: 'required',
      verify: { for: '3m' },
      onVerificationFailure: { type: 'rollback', approval: 'required' },
    },
  },
  {
    name: 'delete-crashlooping-pod',
    description:
      'K8sGPT reports a pod in a crash loop: deleting it lets its controller start a fresh one, which clears a ' +
      'long back-off and state left on the old pod. Verified when K8sGPT no longer reports the pod.',
    trigger: { finding: { kind: 'Pod', errorMatches: CRASH_LOOP } },
    action: { type: 'delete-pod', target: 'pod', approval: 'required', verify: { for: '5m' } },
  },
  {
    name: 'raise-hpa-max-on-maxed-out',
    description:
      'An HPA has run at its maximum replicas for 15 minutes, so demand exceeds what it may scale to: raise its ' +
      'maximum by 2, never above 20. Verified when KubeHpaMaxedOut resolves.',
    trigger: { alert: { labels: { alertname: 'KubeHpaMaxedOut' } } },
    action: {
      type: 'scale-hpa',
      target: 'hpa',
      params: { replicasDelta: 2, maxReplicas: 20 },
      approval: 'required',
      verify: { for: '10m' },
    },
  },
  {
    name: 'cordon-not-ready-node',
    description:
      'K8sGPT reports a node that is not ready: cordon it so no new pods are scheduled there. If it is still not ' +
      'ready 10 minutes later, propose draining it.',
    trigger: { finding: { kind: 'Node', errorMatches: NODE_NOT_READY } },
    action: {
      type: 'cordon-node',
      target: 'node',
      approval: 'required',
      verify: { for: '10m' },
      onVerificationFailure: { type: 'drain-node', approval: 'required' },
    },
  },
  {
    name: 'k8sgpt-analysis-on-anomaly',
    description:
      "An ongoing anomaly in a workload's metrics: ask K8sGPT to analyse the workload, so its findings join the " +
      'evidence. Runs without approval: an analysis reads the cluster and changes nothing.',
    trigger: { anomaly: {} },
    action: { type: 'k8sgpt-analysis', target: 'workload', approval: 'automatic', cooldown: '1h' },
  },
];
