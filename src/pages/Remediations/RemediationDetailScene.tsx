import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { SceneComponentProps, SceneObjectBase, SceneObjectState } from '@grafana/scenes';
import { LoadingPlaceholder, useStyles2 } from '@grafana/ui';
import { sidecarClient } from '../../api/sidecarClient';
import type { ActionPreview, RemediationDecisionResult, RemediationProposal, WhoAmI } from '../../api/types';
import { NotFoundAlert } from '../../shared/NotFoundAlert';
import { SidecarErrorAlert } from '../../shared/SidecarErrorAlert';
import { DecisionSection } from './DecisionSection';
import { EvidenceSection } from './EvidenceSection';
import { ExecutionSection, VerificationSection } from './ExecutionSection';
import { Fetched, LatestOnly, loadWhileActive, notFetched } from './fetched';
import { PreviewSection } from './PreviewSection';
import { ProposalHeader } from './ProposalHeader';
import { decisionNotice, decisionPermission, isMoving } from './remediationFormat';
import { remediationsUrl } from './remediationLinks';

interface RemediationDetailState extends SceneObjectState {
  proposalId: string;
  proposal: Fetched<RemediationProposal>;
  /** A freshly computed preview, fetched only while the proposal waits for a decision. */
  preview: Fetched<ActionPreview>;
  /** Who the sidecar says the user is; undefined until known (or when whoami failed: the server still decides). */
  whoami?: WhoAmI;
  followUps: RemediationProposal[];
  notice?: string;
  /** How soon a proposal that is still moving (approved, executing, being verified) is fetched again; 0: never. */
  pollMs: number;
}

/**
 * One proposal: what it will do (preview), why (evidence), who decided, how the execution went and whether the
 * problem cleared. Fetches the proposal, then its fresh preview while it waits; looks again every few seconds while
 * it moves on by itself, and at once after a decision made here.
 */
export class RemediationDetailScene extends SceneObjectBase<RemediationDetailState> {
  private readonly proposalFetch = new LatestOnly<RemediationProposal>(
    () => this.state.proposal,
    (proposal) => this.setState({ proposal })
  );
  private readonly previewFetch = new LatestOnly<ActionPreview>(
    () => this.state.preview,
    (preview) => this.setState({ preview })
  );
  private pollTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(state: Pick<RemediationDetailState, 'proposalId'> & Partial<RemediationDetailState>) {
    super({ proposal: notFetched(), preview: { loading: false }, followUps: [], pollMs: 5000, ...state });
    this.addActivationHandler(() => {
      sidecarClient
        .whoami()
        .then((whoami) => this.setState({ whoami }))
        .catch(() => undefined);
    });
    loadWhileActive(
      this,
      () => this.load(),
      () => {
        clearTimeout(this.pollTimer);
        this.proposalFetch.cancel();
        this.previewFetch.cancel();
      }
    );
  }

  async load(): Promise<void> {
    clearTimeout(this.pollTimer);
    const id = this.state.proposalId;
    await this.proposalFetch.run(() => sidecarClient.getRemediation(id));
    const proposal = this.state.proposal.value;
    if (!this.isActive || !proposal) {
      return;
    }
    await Promise.all([
      proposal.state === 'proposed' ? this.previewFetch.run(() => sidecarClient.getRemediationPreview(id)) : null,
      this.loadFollowUps(id),
    ]);
    if (this.isActive && this.state.pollMs > 0 && isMoving(proposal, Date.now())) {
      this.pollTimer = setTimeout(() => this.load(), this.state.pollMs);
    }
  }

  /** Follow-ups are a pointer, not the page's subject: when the list fails they are just not shown. */
  private async loadFollowUps(id: string) {
    try {
      const { proposals } = await sidecarClient.listRemediations();
      this.setState({ followUps: proposals.filter((p) => p.followUpOf === id) });
    } catch {
      // the header shows no follow-ups
    }
  }

  onDecided = (result: RemediationDecisionResult) => {
    this.setState({ proposal: { value: result.proposal, loading: false }, notice: decisionNotice(result) });
    this.load();
  };

  static Component = RemediationDetailRenderer;
}

function RemediationDetailRenderer({ model }: SceneComponentProps<RemediationDetailScene>) {
  const styles = useStyles2(getStyles);
  const { proposalId, proposal, preview, whoami, followUps, notice } = model.useState();
  const p = proposal.value;
  if (!p) {
    if (proposal.status === 404) {
      return (
        <NotFoundAlert title="Proposal not found" backHref={remediationsUrl()} backText="Back to all proposals">
          The sidecar has no remediation proposal “{proposalId}”. An id from another sidecar (or another demo run with
          an in-memory store) is unknown here.
        </NotFoundAlert>
      );
    }
    return proposal.error ? (
      <SidecarErrorAlert message={proposal.error} />
    ) : (
      <LoadingPlaceholder text="Loading proposal…" />
    );
  }
  return (
    <div className={styles.page}>
      {proposal.error && <SidecarErrorAlert message={proposal.error} />}
      <ProposalHeader proposal={p} followUps={followUps} />
      <div className={styles.columns}>
        <div className={styles.column}>
          <PreviewSection preview={p.preview} fresh={p.state === 'proposed' ? preview : undefined} />
          <EvidenceSection proposal={p} />
        </div>
        <div className={styles.column}>
          <DecisionSection
            proposal={p}
            permission={decisionPermission(whoami)}
            onDecided={model.onDecided}
            notice={notice}
          />
          <ExecutionSection proposal={p} />
          <VerificationSection proposal={p} />
        </div>
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css`
    display: flex;
    flex-direction: column;
    gap: ${theme.spacing(2)};
    width: 100%;
  `,
  columns: css`
    display: grid;
    grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
    gap: ${theme.spacing(2)};
    align-items: start;
    ${theme.breakpoints.down('lg')} {
      grid-template-columns: minmax(0, 1fr);
    }
  `,
  column: css`
    display: flex;
    flex-direction: column;
    gap: ${theme.spacing(2)};
    min-width: 0;
  `,
});
