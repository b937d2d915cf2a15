// On-demand analysis by `k8sgpt serve --http`: POST /v1/analyze (K8sGPT's gRPC-gateway route for
// schema.v1.ServerAnalyzerService/Analyze) for one namespace, optionally limited to some analyzers (filters), without
// asking its AI backend (explain: false, so no LLM call is spent). The answer's results are normalised into
// Findings like the Result objects are (the gateway writes camelCase keys; any casing is accepted).
import { normalizeAnalysisResult, pick, type Finding } from './finding.ts';

export interface AnalyzeRequest {
  namespace: string;
  /** K8sGPT analyzer names, e.g. ["Pod", "Deployment"]; all of K8sGPT's active filters when absent. */
  filters?: string[];
  labelSelector?: string;
  /** Ask K8sGPT's AI backend for an explanation (an LLM call); default false. */
  explain?: boolean;
  /** The AI backend to use when explaining; K8sGPT's default when absent. */
  backend?: string;
  anonymize?: boolean;
  /** Bypass K8sGPT's analysis cache. */
  nocache?: boolean;
}

export interface AnalyzeOutcome {
  /** K8sGPT's verdict: "OK" or "ProblemDetected" ("" when it gives none). */
  status: string;
  /** How many problems K8sGPT counted. */
  problems: number;
  findings: Finding[];
  /** Results that could not be read, with why. */
  skipped: Array<{ object: string; reason: string }>;
  /** Analyzer errors K8sGPT reported alongside its results. */
  errors: string[];
  durationMs: number;
}

export interface K8sGptAnalyzeClientOptions {
  /** Base URL of `k8sgpt serve --http`, e.g. http://k8sgpt.k8sgpt-operator-system:8080. */
  url: string;
  /** The whole request, answer included; default 30 s (an analysis lists many objects). */
  timeoutMs?: number;
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}

export class K8sGptAnalyzeError extends Error {
  override name = 'K8sGptAnalyzeError';
  readonly status: number | null;

  constructor(message: string, status: number | null) {
    super(message);
    this.status = status;
  }
}

export class K8sGptAnalyzeClient {
  readonly url: string;
  readonly #timeoutMs: number;
  readonly #headers: Record<string, string>;
  readonly #fetch: typeof fetch;

  constructor(options: K8sGptAnalyzeClientOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#headers = options.headers ?? {};
    this.#fetch = options.fetch ?? fetch;
  }

  async analyze(request: AnalyzeRequest, signal?: AbortSignal): Promise<AnalyzeOutcome> {
    if (!request.namespace) {
      throw new K8sGptAnalyzeError('an analysis needs a namespace', null);
    }
    const body: Record<string, unknown> = {
      namespace: request.namespace,
      explain: request.explain ?? false,
      filters: request.filters ?? [],
      anonymize: request.anonymize ?? false,
      nocache: request.nocache ?? false,
      output: 'json',
    };
    if (request.labelSelector) {
      body.labelSelector = request.labelSelector;
    }
    if (request.backend) {
      body.backend = request.backend;
    }
    const endpoint = `${this.url}/v1/analyze`;
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const started = Date.now();
    let response: Response;
    let text: string;
    try {
      response = await this.#fetch(endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...this.#headers },
        body: JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      text = await response.text();
    } catch (error) {
      if (timeout.aborted && !signal?.aborted) {
        throw new K8sGptAnalyzeError(`k8sgpt analyze at ${endpoint} timed out after ${this.#timeoutMs} ms`, null);
      }
      throw new K8sGptAnalyzeError(`k8sgpt analyze at ${endpoint} failed: ${(error as Error).message}`, null);
    }
    let parsed: unknown;
    try {
      parsed = text === '' ? {} : JSON.parse(text);
    } catch {
      throw new K8sGptAnalyzeError(
        `k8sgpt analyze at ${endpoint} answered HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`,
        response.status
      );
    }
    if (!response.ok) {
      // gRPC-gateway errors are {code, message, details}.
      const message = pick(parsed, 'message');
      throw new K8sGptAnalyzeError(
        `k8sgpt analyze at ${endpoint} answered HTTP ${response.status}${typeof message === 'string' && message ? `: ${message}` : ''}`,
        response.status
      );
    }
    return readOutcome(parsed, Date.now() - started);
  }
}

/** The /v1/analyze answer: {status, problems, results[], errors[]} (zero values may be left out by the gateway). */
function readOutcome(parsed: unknown, durationMs: number): AnalyzeOutcome {
  const results = pick(parsed, 'results');
  const findings: Finding[] = [];
  const skipped: AnalyzeOutcome['skipped'] = [];
  for (const raw of Array.isArray(results) ? results : []) {
    const normalized = normalizeAnalysisResult(raw);
    if (normalized.ok) {
      findings.push(normalized.finding);
    } else {
      skipped.push({ object: normalized.object, reason: normalized.reason });
    }
  }
  const errors = pick(parsed, 'errors');
  const status = pick(parsed, 'status');
  const problems = Number(pick(parsed, 'problems') ?? findings.length);
  return {
    status: typeof status === 'string' ? status : '',
    problems: Number.isFinite(problems) ? problems : findings.length,
    findings,
    skipped,
    errors: Array.isArray(errors) ? errors.filter((e): e is string => typeof e === 'string') : [],
    durationMs,
  };
}
