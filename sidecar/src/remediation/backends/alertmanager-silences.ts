// The silence action over Alertmanager's HTTP API v2: one silence with equality matchers for a fixed time. Creating
// a silence twice makes two, so the step is not idempotent; every silence names its proposal in its comment
// ("prophet-aiops proposal <id>: …"), which is how a resumed execution finds out whether the step took effect.
import { BackendError, type RemediationBackend, type StepSpec } from '../backend.ts';
import type { ActionPreview, RemediationAction, RemediationProposal } from '../types.ts';
import { renderPreview } from './preview-diff.ts';

export interface AlertmanagerSilencesOptions {
  /** Alertmanager's base URL, e.g. http://alertmanager:9093 (the API is under /api/v2). */
  url: string;
  /** Per request; default 10 s. */
  timeoutMs?: number;
  /** Written into every silence's createdBy; default "prophet-aiops". */
  createdBy?: string;
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}

interface SilenceMatcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

interface GettableSilence {
  id: string;
  comment: string;
  status: { state: 'active' | 'pending' | 'expired' };
}

const OP = 'create-silence';

/** The comment prefix that ties a silence to its proposal; the colon keeps "p-1" from matching "p-10". */
export const proposalMarker = (proposalId: string) => `prophet-aiops proposal ${proposalId}:`;

export class AlertmanagerSilencesBackend implements RemediationBackend {
  readonly actions: readonly RemediationAction[] = ['silence'];
  readonly ops: readonly string[] = [OP];
  readonly previewSource = 'plan' as const;
  readonly url: string;
  readonly #timeoutMs: number;
  readonly #createdBy: string;
  readonly #headers: Record<string, string>;
  readonly #fetch: typeof fetch;

  constructor(options: AlertmanagerSilencesOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#createdBy = options.createdBy ?? 'prophet-aiops';
    this.#headers = options.headers ?? {};
    this.#fetch = options.fetch ?? fetch;
  }

  async preview(proposal: RemediationProposal, now: number): Promise<ActionPreview> {
    const silence = this.#silence(proposal, now);
    const matching = await this.#request<unknown[]>(
      'GET',
      `/api/v2/alerts?active=true&silenced=false&inhibited=false&${silence.matchers
        .map((m) => `filter=${encodeURIComponent(`${m.name}="${m.value}"`)}`)
        .join('&')}`
    );
    return renderPreview({
      summary:
        `Silences alerts matching ${matcherText(silence.matchers)} for ` +
        `${durationText(proposal.params.silenceDurationMs!)} (until ${silence.endsAt}); ` +
        `${matching.length} alert${matching.length === 1 ? '' : 's'} firing unsilenced match now`,
      changes: [{ ref: `Silence/${matcherText(silence.matchers)}`, change: 'create', before: null, after: silence }],
      source: 'plan',
      impact: { podsAffected: 0, replicasChanged: 0 },
      warnings: matching.length === 0 ? ['no firing alert matches these matchers now'] : [],
      now,
    });
  }

  async plan(proposal: RemediationProposal, now: number): Promise<StepSpec[]> {
    const silence = this.#silence(proposal, now);
    return [
      {
        name: `create silence ${matcherText(silence.matchers)} until ${silence.endsAt}`,
        op: OP,
        args: {
          proposalId: proposal.id,
          matchers: Object.fromEntries(silence.matchers.map((m) => [m.name, m.value])),
          startsAt: silence.startsAt,
          endsAt: silence.endsAt,
          createdBy: silence.createdBy,
          comment: silence.comment,
        },
        idempotent: false,
      },
    ];
  }

  async run(step: StepSpec): Promise<string> {
    this.#checkOp(step);
    const matchers = step.args.matchers as Record<string, string>;
    const created = await this.#request<{ silenceID?: string }>('POST', '/api/v2/silences', {
      matchers: Object.entries(matchers).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true })),
      startsAt: step.args.startsAt,
      endsAt: step.args.endsAt,
      createdBy: step.args.createdBy,
      comment: step.args.comment,
    });
    return `silence ${created.silenceID ?? '(no id returned)'} created until ${String(step.args.endsAt)}`;
  }

  /** Any silence of this proposal counts, expired too: someone may have ended it on purpose; never recreate it. */
  async tookEffect(step: StepSpec): Promise<boolean | 'unknown'> {
    this.#checkOp(step);
    const marker = proposalMarker(String(step.args.proposalId));
    try {
      const silences = await this.#request<GettableSilence[]>('GET', '/api/v2/silences');
      return silences.some((silence) => silence.comment?.startsWith(marker));
    } catch {
      return 'unknown';
    }
  }

  #checkOp(step: StepSpec): void {
    if (step.op !== OP) {
      throw new BackendError(`the Alertmanager silences backend does not run op ${step.op}`);
    }
  }

  #silence(proposal: RemediationProposal, now: number) {
    const { silenceMatchers, silenceDurationMs } = proposal.params;
    const matchers: SilenceMatcher[] = Object.entries(silenceMatchers ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }));
    if (matchers.length === 0) {
      throw new BackendError(`silence needs params.silenceMatchers (label = value); proposal ${proposal.id} has none`);
    }
    if (silenceDurationMs === undefined || !(silenceDurationMs > 0)) {
      throw new BackendError(`silence needs params.silenceDurationMs > 0; proposal ${proposal.id} has none`);
    }
    return {
      matchers,
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + silenceDurationMs).toISOString(),
      createdBy: this.#createdBy,
      comment: `${proposalMarker(proposal.id)} ${proposal.title}`,
    };
  }

  async #request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const endpoint = `${this.url}${path}`;
    let response: Response;
    let text: string;
    try {
      response = await this.#fetch(endpoint, {
        method,
        headers: { Accept: 'application/json', 'Content-Type': 'application/json', ...this.#headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      const failure = error as { name?: string; message?: string; cause?: { message?: string } };
      const reason =
        failure.name === 'TimeoutError'
          ? `timed out after ${this.#timeoutMs} ms`
          : [failure.message, failure.cause?.message].filter(Boolean).join(': ');
      throw new BackendError(`Alertmanager ${method} ${endpoint} did not answer (${reason})`, {
        retryable: true,
        cause: error,
      });
    }
    if (!response.ok) {
      throw new BackendError(
        `Alertmanager ${method} ${endpoint} answered ${response.status}: ${text.trim().slice(0, 300)}`,
        { retryable: response.status >= 500 || response.status === 429, statusCode: response.status }
      );
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new BackendError(
        `Alertmanager ${method} ${endpoint} answered with a body that is not JSON: ${text.slice(0, 200)}`
      );
    }
  }
}

/** "45 min", "2 h", "1.5 h". */
function durationText(ms: number): string {
  return ms < 3_600_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 360_000) / 10} h`;
}

/** alertname="KubePodCrashLooping", namespace="shop" */
function matcherText(matchers: SilenceMatcher[]): string {
  return matchers.map((m) => `${m.name}="${m.value}"`).join(', ');
}
