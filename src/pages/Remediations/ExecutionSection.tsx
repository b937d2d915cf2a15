import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Alert, Badge, BadgeColor, Text, useStyles2 } from '@grafana/ui';
import type { ExecutionStep, RemediationProposal } from '../../api/types';
import { getTableStyles } from '../../shared/JobStatesTable';
import { formatDuration } from '../../shared/formatCrossing';
import { Section } from '../Findings/Section';
import { formatTime, plural } from '../Findings/findingsFormat';

const STEP_COLORS: Record<ExecutionStep['status'], BadgeColor> = {
  pending: 'darkgrey',
  started: 'orange',
  done: 'green',
  failed: 'red',
  skipped: 'darkgrey',
};

/** The steps the sidecar planned and ran, each with its status; resumptions and the error, if any. */
export function ExecutionSection({ proposal }: { proposal: RemediationProposal }) {
  const styles = useStyles2(getStyles);
  const { execution } = proposal;
  return (
    <Section title="Execution">
      {!execution ? (
        <Text color="secondary">
          {proposal.state === 'approved' ? 'Approved; the execution starts in a moment.' : 'Not executed.'}
        </Text>
      ) : (
        <>
          <Text color="secondary" variant="bodySmall">
            Started {formatTime(execution.startedAt)}
            {execution.finishedAt !== null &&
              `, finished after ${formatDuration(execution.finishedAt - execution.startedAt)}`}
            {execution.dryRun && ' · dry-run: nothing was changed'}
            {execution.resumed > 0 &&
              ` · resumed ${plural(execution.resumed, 'time')} after a sidecar restart (done steps were not repeated)`}
          </Text>
          {execution.error && (
            <Alert severity="error" title="The execution failed">
              {execution.error}
            </Alert>
          )}
          <table className={styles.table} aria-label="Execution steps">
            <thead>
              <tr>
                <th>Step</th>
                <th>Status</th>
                <th>Detail</th>
                <th>Finished</th>
              </tr>
            </thead>
            <tbody>
              {execution.steps.map((step, i) => (
                <tr key={`${i}-${step.name}`}>
                  <td>
                    <div>{step.name}</div>
                    <div className={styles.secondary}>
                      {step.op}
                      {step.idempotent ? '' : ' · not idempotent'}
                    </div>
                  </td>
                  <td>
                    <Badge text={step.status} color={STEP_COLORS[step.status] ?? 'darkgrey'} />
                  </td>
                  <td>{step.detail}</td>
                  <td className={styles.nowrap}>{step.finishedAt !== null ? formatTime(step.finishedAt) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Section>
  );
}

/** Whether the problem cleared after the action, watched over the policy's verification window. */
export function VerificationSection({ proposal }: { proposal: RemediationProposal }) {
  const styles = useStyles2(getStyles);
  const { verification } = proposal;
  return (
    <Section title="Verification">
      {!verification ? (
        <Text color="secondary">
          {proposal.execution?.dryRun
            ? 'Not verified: a dry-run changes nothing, so there is nothing to watch.'
            : 'Starts when the execution has succeeded.'}
        </Text>
      ) : (
        <dl className={styles.facts} data-testid="verification">
          <dt>Watching until</dt>
          <dd>{formatTime(verification.until)}</dd>
          <dt>Cleared</dt>
          <dd>{verification.clearedAt !== null ? formatTime(verification.clearedAt) : 'not yet'}</dd>
          <dt>Last check</dt>
          <dd>{verification.lastCheckedAt !== null ? formatTime(verification.lastCheckedAt) : 'none yet'}</dd>
          <dt>Detail</dt>
          <dd>{verification.detail || '—'}</dd>
        </dl>
      )}
    </Section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: getTableStyles(theme),
  secondary: css`
    color: ${theme.colors.text.secondary};
    font-size: ${theme.typography.bodySmall.fontSize};
    font-family: ${theme.typography.fontFamilyMonospace};
  `,
  nowrap: css`
    white-space: nowrap;
  `,
  facts: css`
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: ${theme.spacing(0.5, 2)};
    margin: 0;
    dt {
      color: ${theme.colors.text.secondary};
    }
    dd {
      margin: 0;
    }
  `,
});
