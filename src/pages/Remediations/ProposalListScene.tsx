import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2, SelectableValue } from '@grafana/data';
import {
  SceneComponentProps,
  SceneObjectBase,
  SceneObjectState,
  SceneObjectUrlSyncConfig,
  SceneObjectUrlValues,
} from '@grafana/scenes';
import { Alert, LoadingPlaceholder, RadioButtonGroup, Text, useStyles2 } from '@grafana/ui';
import { sidecarClient } from '../../api/sidecarClient';
import type { ProposalState, RemediationList } from '../../api/types';
import { SidecarErrorAlert } from '../../shared/SidecarErrorAlert';
import { Fetched, LatestOnly, loadWhileActive, notFetched } from './fetched';
import { ProposalsTable } from './ProposalsTable';
import { isProposalState, PROPOSAL_STATES } from './remediationFormat';
import { DryRunBanner } from './DryRunBanner';

interface ProposalListState extends SceneObjectState {
  /** The state filter, in the URL (?state=proposed) so a filtered list can be shared; unset lists every state. */
  state?: ProposalState;
  list: Fetched<RemediationList>;
}

/**
 * Every remediation proposal, newest first, with how many are in each state. The filter asks the sidecar (the
 * counts it answers cover every proposal either way); the page's refresh picker refetches.
 */
export class ProposalListScene extends SceneObjectBase<ProposalListState> {
  protected _urlSync = new SceneObjectUrlSyncConfig(this, { keys: ['state'] });
  private readonly fetches = new LatestOnly<RemediationList>(
    () => this.state.list,
    (list) => this.setState({ list })
  );

  constructor(state: Partial<ProposalListState> = {}) {
    super({ list: notFetched(), ...state });
    loadWhileActive(
      this,
      () => this.load(),
      () => this.fetches.cancel()
    );
  }

  getUrlState() {
    return { state: this.state.state };
  }

  updateFromUrl(values: SceneObjectUrlValues) {
    const state = isProposalState(values.state) ? values.state : undefined;
    if (state !== this.state.state) {
      this.setState({ state });
      this.load();
    }
  }

  setFilter = (value: string | undefined) => {
    this.setState({ state: isProposalState(value) ? value : undefined });
    this.load();
  };

  load() {
    if (!this.isActive) {
      return;
    }
    const { state } = this.state;
    return this.fetches.run(() => sidecarClient.listRemediations(state ? { state: [state] } : {}));
  }

  static Component = ProposalListRenderer;
}

function ProposalListRenderer({ model }: SceneComponentProps<ProposalListScene>) {
  const styles = useStyles2(getStyles);
  const { state, list } = model.useState();
  if (!list.value) {
    return list.error ? <SidecarErrorAlert message={list.error} /> : <LoadingPlaceholder text="Loading proposals…" />;
  }
  const { proposals, counts, dryRun, backend } = list.value;
  const total = PROPOSAL_STATES.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
  return (
    <div className={styles.container}>
      {list.error && <SidecarErrorAlert message={list.error} />}
      {dryRun && <DryRunBanner />}
      {backend === 'disabled' && (
        <Alert severity="warning" title="Remediation is disabled">
          The sidecar proposes and runs nothing while <code>remediation.enabled</code> is false; the proposals below are
          the record of earlier ones.
        </Alert>
      )}
      <RadioButtonGroup
        aria-label="Filter by state"
        options={stateOptions(counts, total, state)}
        value={state ?? ''}
        onChange={(v) => model.setFilter(v || undefined)}
      />
      {total === 0 ? (
        <NoProposals />
      ) : proposals.length ? (
        <ProposalsTable rows={proposals} />
      ) : (
        <Text color="secondary">No proposal is {state} right now.</Text>
      )}
    </div>
  );
}

/** "All 5", then each state that has proposals (or is the current filter), in lifecycle order. */
function stateOptions(
  counts: RemediationList['counts'],
  total: number,
  selected: ProposalState | undefined
): Array<SelectableValue<string>> {
  return [
    { label: `All ${total}`, value: '' },
    ...PROPOSAL_STATES.filter((s) => (counts[s] ?? 0) > 0 || s === selected).map((s) => ({
      label: `${s} ${counts[s] ?? 0}`,
      value: s,
    })),
  ];
}

function NoProposals() {
  return (
    <Alert severity="info" title="No remediation proposals">
      A policy proposes an action when its trigger matches: an incident or alert with its labels, a K8sGPT finding, an
      anomaly or a forecast crossing. The Policies tab lists the policies in force and what each one watches.
    </Alert>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  container: css`
    display: flex;
    flex-direction: column;
    gap: ${theme.spacing(1.5)};
    width: 100%;
  `,
});
