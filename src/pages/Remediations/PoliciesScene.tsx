import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { SceneComponentProps, SceneObjectBase, SceneObjectState } from '@grafana/scenes';
import { Alert, LoadingPlaceholder, useStyles2 } from '@grafana/ui';
import { sidecarClient } from '../../api/sidecarClient';
import type { RemediationPolicyList } from '../../api/types';
import { getTableStyles } from '../../shared/JobStatesTable';
import { SidecarErrorAlert } from '../../shared/SidecarErrorAlert';
import { DryRunBanner } from './DryRunBanner';
import { Fetched, LatestOnly, loadWhileActive, notFetched } from './fetched';
import { actionLabel, policyLimits } from './remediationFormat';
import { DryRunBadge } from './remediationParts';

interface PoliciesState extends SceneObjectState {
  policies: Fetched<RemediationPolicyList>;
}

/** The policies in force: what each watches, what it may do to what, who must approve and within which limits. */
export class PoliciesScene extends SceneObjectBase<PoliciesState> {
  private readonly fetches = new LatestOnly<RemediationPolicyList>(
    () => this.state.policies,
    (policies) => this.setState({ policies })
  );

  constructor(state: Partial<PoliciesState> = {}) {
    super({ policies: notFetched(), ...state });
    loadWhileActive(
      this,
      () => this.load(),
      () => this.fetches.cancel()
    );
  }

  load() {
    return this.isActive ? this.fetches.run(() => sidecarClient.listRemediationPolicies()) : undefined;
  }

  static Component = PoliciesRenderer;
}

function PoliciesRenderer({ model }: SceneComponentProps<PoliciesScene>) {
  const styles = useStyles2(getStyles);
  const { policies } = model.useState();
  if (!policies.value) {
    return policies.error ? (
      <SidecarErrorAlert message={policies.error} />
    ) : (
      <LoadingPlaceholder text="Loading policies…" />
    );
  }
  const { dryRun, policies: rows } = policies.value;
  return (
    <div className={styles.container}>
      {dryRun && <DryRunBanner />}
      {!rows.length ? (
        <Alert severity="info" title="No remediation policies">
          Without a policy nothing is ever proposed. Policies come from <code>remediation.policies</code> in the
          sidecar&apos;s configuration and from the YAML files listed in <code>remediation.policyFiles</code>.
        </Alert>
      ) : (
        <table className={styles.table} aria-label="Remediation policies">
          <thead>
            <tr>
              <th>Policy</th>
              <th>Trigger</th>
              <th>Action</th>
              <th>Target</th>
              <th>Approval</th>
              <th>Limits</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.name}>
                <td>
                  <div className={styles.name}>{p.name}</div>
                  <div className={styles.secondary}>{p.description}</div>
                  <div className={styles.secondary}>from {p.source}</div>
                </td>
                <td>{p.trigger}</td>
                <td className={styles.nowrap}>
                  {actionLabel(p.action)}
                  {p.onVerificationFailure && (
                    <div className={styles.secondary}>
                      if not verified: {actionLabel(p.onVerificationFailure).toLowerCase()}
                    </div>
                  )}
                </td>
                <td className={styles.mono}>{p.target}</td>
                <td>
                  <div>{p.approval === 'required' ? 'required' : 'automatic'}</div>
                  {p.dryRun && <DryRunBadge />}
                </td>
                <td>
                  <ul className={styles.limits}>
                    {policyLimits(p.limits).map((l) => (
                      <li key={l}>{l}</li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  container: css`
    display: flex;
    flex-direction: column;
    gap: ${theme.spacing(1.5)};
    width: 100%;
  `,
  table: getTableStyles(theme),
  name: css`
    font-family: ${theme.typography.fontFamilyMonospace};
    font-weight: ${theme.typography.fontWeightMedium};
  `,
  mono: css`
    font-family: ${theme.typography.fontFamilyMonospace};
    font-size: ${theme.typography.bodySmall.fontSize};
  `,
  secondary: css`
    color: ${theme.colors.text.secondary};
    font-size: ${theme.typography.bodySmall.fontSize};
  `,
  nowrap: css`
    white-space: nowrap;
  `,
  limits: css`
    margin: 0;
    padding-left: ${theme.spacing(2)};
    font-size: ${theme.typography.bodySmall.fontSize};
  `,
});
