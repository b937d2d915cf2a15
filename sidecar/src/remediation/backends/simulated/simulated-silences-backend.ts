// The silence action in demo mode: creates a silence on the simulated Alertmanager, which then stops delivering the
// matching alerts while it lasts (alerts/simulated-alertmanager.ts). The target is the alert (Alert/<fingerprint>);
// the silence matches params.silenceMatchers, or the alert's own labels when the policy names none. Creating a
// silence is not idempotent (each create is a new silence); like the Alertmanager backend, every silence names its
// proposal in its comment, which is how a resumed execution finds out whether the step took effect.
import type { SimulatedAlertmanager, SilenceMatcher } from '../../../alerts/simulated-alertmanager.ts';
import type { SimulatedAlert } from '../../../sources/simulator/simulated-alerts.ts';
import { BackendError, type RemediationBackend, type StepSpec } from '../../backend.ts';
import type { ActionPreview, RemediationAction, RemediationProposal } from '../../types.ts';
import { proposalMarker } from '../alertmanager-silences.ts';
import { renderPreview } from '../preview-diff.ts';
import { recordArg, stringArg, timeArg } from '../step-args.ts';

export interface SimulatedSilencesBackendOptions {
  alertmanager: SimulatedAlertmanager;
  clock?: () => number;
}

const equalityMatchers = (labels: Record<string, string>): SilenceMatcher[] =>
  Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }));

const matcherText = (labels: Record<string, string>) =>
  `{${Object.entries(labels)
    .map(([name, value]) => `${name}="${value}"`)
    .join(', ')}}`;

function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return minutes % 60 === 0
    ? `${minutes / 60}h`
    : minutes > 60
      ? `${Math.floor(minutes / 60)}h ${minutes % 60}m`
      : `${minutes}m`;
}

interface PlannedSilence {
  proposalId: string;
  alert: SimulatedAlert;
  matchers: Record<string, string>;
  startsAt: number;
  endsAt: number;
  comment: string;
  createdBy: string;
}

export class SimulatedSilencesBackend implements RemediationBackend {
  readonly actions: readonly RemediationAction[] = ['silence'];
  readonly ops: readonly string[] = ['create-silence'];
  readonly previewSource = 'simulator' as const;
  readonly #alertmanager: SimulatedAlertmanager;
  readonly #clock: () => number;

  constructor(options: SimulatedSilencesBackendOptions) {
    this.#alertmanager = options.alertmanager;
    this.#clock = options.clock ?? Date.now;
  }

  async preview(proposal: RemediationProposal, now: number): Promise<ActionPreview> {
    const planned = this.#planSilence(proposal, now);
    const muted = this.#alertmanager
      .firing(now)
      .filter((alert) => Object.entries(planned.matchers).every(([name, value]) => alert.labels[name] === value));
    const warnings: string[] = [];
    if (muted.length === 0) {
      warnings.push(`no alert matching ${matcherText(planned.matchers)} fires now`);
    }
    const already = this.#alertmanager.silencedBy(planned.alert.labels, now);
    if (already) {
      warnings.push(`silence ${already.id} already mutes this alert until ${new Date(already.endsAt).toISOString()}`);
    }
    return renderPreview({
      summary:
        `Silences ${muted.length} firing alert${muted.length === 1 ? '' : 's'} matching ${matcherText(planned.matchers)} ` +
        `for ${duration(planned.endsAt - planned.startsAt)} on the simulated Alertmanager; nothing in the cluster changes`,
      changes: [
        {
          ref: `Silence/${planned.alert.fingerprint}`,
          change: 'create',
          before: null,
          after: {
            matchers: equalityMatchers(planned.matchers),
            startsAt: new Date(planned.startsAt).toISOString(),
            endsAt: new Date(planned.endsAt).toISOString(),
            createdBy: planned.createdBy,
            comment: planned.comment,
          },
        },
      ],
      source: 'simulator',
      impact: { podsAffected: 0, replicasChanged: 0 },
      warnings,
      now,
    });
  }

  async plan(proposal: RemediationProposal, now: number): Promise<StepSpec[]> {
    const planned = this.#planSilence(proposal, now);
    return [
      {
        name: `create silence ${matcherText(planned.matchers)} until ${new Date(planned.endsAt).toISOString()}`,
        op: 'create-silence',
        args: {
          proposalId: planned.proposalId,
          matchers: planned.matchers,
          startsAt: new Date(planned.startsAt).toISOString(),
          endsAt: new Date(planned.endsAt).toISOString(),
          comment: planned.comment,
          createdBy: planned.createdBy,
        },
        idempotent: false,
      },
    ];
  }

  async run(step: StepSpec): Promise<string> {
    return this.#create(step, this.#clock());
  }

  /** Creates again a silence a step created before the sidecar restarted (the simulated Alertmanager forgets). */
  replay(step: StepSpec, atMs: number): string {
    return this.#create(step, atMs);
  }

  #create(step: StepSpec, now: number): string {
    this.#checkOp(step);
    const matchers = recordArg(step, 'matchers');
    const endsAt = timeArg(step, 'endsAt');
    // A step resumed after its planned start silences from now: Alertmanager refuses a start in the past.
    const startsAt = Math.max(timeArg(step, 'startsAt'), Math.min(now, endsAt - 1));
    let id: string;
    try {
      id = this.#alertmanager.addSilence({
        matchers: equalityMatchers(matchers),
        startsAt,
        endsAt,
        comment: stringArg(step, 'comment'),
        createdBy: stringArg(step, 'createdBy'),
      }).id;
    } catch (error) {
      throw new BackendError(`the simulated Alertmanager refused the silence: ${(error as Error).message}`, {
        cause: error,
      });
    }
    return `silence ${id} mutes ${matcherText(matchers)} until ${new Date(endsAt).toISOString()}`;
  }

  /** Any silence of this proposal counts, expired too: someone may have ended it on purpose; never recreate it. */
  async tookEffect(step: StepSpec): Promise<boolean | 'unknown'> {
    this.#checkOp(step);
    const marker = proposalMarker(stringArg(step, 'proposalId'));
    return this.#alertmanager.silences().some((s) => s.comment.startsWith(marker));
  }

  #checkOp(step: StepSpec): void {
    if (step.op !== 'create-silence') {
      throw new BackendError(`the simulated silences backend does not run op ${step.op} (step "${step.name}")`);
    }
  }

  #planSilence(proposal: RemediationProposal, now: number): PlannedSilence {
    if (proposal.action !== 'silence') {
      throw new BackendError(`the simulated silences backend does not carry out ${proposal.action}`);
    }
    const { target, params } = proposal;
    if (target.kind !== 'Alert' || !target.name) {
      throw new BackendError(
        `silence works on an Alert (its fingerprint); proposal ${proposal.id} targets ${target.kind}`
      );
    }
    const alert = this.#alertmanager.alerts().find((a) => a.fingerprint === target.name);
    if (!alert) {
      throw new BackendError(`the simulated Alertmanager has no alert with fingerprint ${target.name}`, {
        statusCode: 404,
      });
    }
    const durationMs = params.silenceDurationMs;
    if (durationMs === undefined || !Number.isFinite(durationMs) || durationMs <= 0) {
      throw new BackendError('silence needs params.silenceDurationMs, how long the silence lasts');
    }
    const matchers =
      params.silenceMatchers && Object.keys(params.silenceMatchers).length > 0 ? params.silenceMatchers : alert.labels;
    return {
      proposalId: proposal.id,
      alert,
      matchers: { ...matchers },
      startsAt: now,
      endsAt: now + durationMs,
      comment: `${proposalMarker(proposal.id)} ${proposal.title} (policy ${proposal.policy})`,
      createdBy: proposal.decision?.by.login ?? 'prophet-aiops',
    };
  }
}
