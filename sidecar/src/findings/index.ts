// K8sGPT findings: Results normalised into Findings with a derived severity, their lifecycle (new, updated, gone),
// the watcher that keeps them current, and on-demand analysis through `k8sgpt serve --http`.
export { normalizeResult, normalizeAnalysisResult, contentHash, type Finding, type Normalized } from './finding.ts';
export {
  deriveSeverity,
  compareSeverity,
  moreSevere,
  SEVERITY_RULES,
  WARNING_KINDS,
  type FindingSeverity,
  type DerivedSeverity,
  type SeverityRule,
} from './severity.ts';
export {
  FindingsTracker,
  type TrackedFinding,
  type FindingChange,
  type FindingsListener,
  type GoneReason,
} from './tracker.ts';
export { FindingsWatcher, type FindingsWatcherOptions, type FindingsWatcherStatus } from './findings-watcher.ts';
export {
  K8sGptAnalyzeClient,
  K8sGptAnalyzeError,
  type AnalyzeRequest,
  type AnalyzeOutcome,
  type K8sGptAnalyzeClientOptions,
} from './k8sgpt-analyze-client.ts';
