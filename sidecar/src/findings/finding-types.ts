// The finding types on their own, free of runtime imports, so the REST contract (which the frontend compiles)
// can re-export them: one definition for the sidecar and the Findings page.

export type FindingSeverity = 'critical' | 'warning' | 'info';

export interface Finding {
  /** Identity: "<namespace>/<name>" of the Result object; "analysis:<kind>/<name>" for an on-demand analysis. */
  id: string;
  /** The Result object's uid; null for an on-demand analysis. */
  uid: string | null;
  /** The analysed object's kind (Pod, Deployment, Node, …). */
  kind: string;
  /** The analysed object as K8sGPT names it: "<namespace>/<name>", or "<name>" for a cluster-scoped object. */
  name: string;
  /** The analysed object's namespace; null for a cluster-scoped object (a Node). */
  namespace: string | null;
  /** The analysed object's own name. */
  objectName: string;
  /** K8sGPT's owner chain for it, e.g. "Deployment/checkout"; null when it has none. */
  parentObject: string | null;
  /** K8sGPT's error texts, as written (unmasked). */
  errors: string[];
  severity: FindingSeverity;
  /** The severity table row that decided the severity. */
  severityRule: string;
  /** K8sGPT's AI explanation; null when its backend produced none. */
  details: string | null;
  /** The AI backend K8sGPT used; null when not given. */
  backend: string | null;
  /** K8sGPT's own lifecycle marker (created, updated, historical); null when not given. */
  lifecycle: string | null;
  /** The Result object's creation time (epoch ms); null when not given. */
  createdAt: number | null;
  resourceVersion: string | null;
  /**
   * A hash of what the problem is — kind, name, parent and the error texts (in any order) — and nothing else: the AI
   * details vary from one analysis run to the next, and lifecycle and resourceVersion change without the problem
   * changing. The tracker reports an update only when this changes.
   */
  contentHash: string;
}

export interface TrackedFinding extends Finding {
  /** When this occurrence was first seen (epoch ms). */
  firstSeen: number;
  /** When its problem last changed; firstSeen until then. */
  updatedAt: number;
  /** When a list or watch last reported it. */
  lastSeen: number;
}
