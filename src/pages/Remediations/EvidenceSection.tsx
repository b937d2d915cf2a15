import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Icon, Text, useStyles2, useTheme2 } from '@grafana/ui';
import type { EvidenceRef, RemediationProposal } from '../../api/types';
import { AppLink } from '../../shared/AppLink';
import { incidentUrl } from '../../shared/links';
import { Section } from '../Findings/Section';
import { ENTRY_KINDS, entryColor } from '../Findings/findingsParts';
import { proposalEvidenceUrl, triggerUrl } from './remediationLinks';

const TRIGGER_LABELS: Record<RemediationProposal['trigger']['type'], string> = {
  incident: 'Incident',
  alert: 'Alert',
  finding: 'K8sGPT finding',
  anomaly: 'Anomaly',
  forecast: 'Forecast',
};

/** Why the policy proposed this: the trigger it matched, the policy's reasoning and the evidence behind it. */
export function EvidenceSection({ proposal }: { proposal: RemediationProposal }) {
  const styles = useStyles2(getStyles);
  const { trigger, incidentId } = proposal;
  const href = triggerUrl(trigger, incidentId);
  return (
    <Section title="Evidence">
      <div>
        <Text color="secondary" variant="bodySmall">
          Trigger · {TRIGGER_LABELS[trigger.type] ?? trigger.type}
        </Text>
        <div data-testid="trigger">
          {href ? <AppLink href={href}>{trigger.description}</AppLink> : trigger.description}
        </div>
      </div>
      <Text color="secondary">{proposal.rationale}</Text>
      {proposal.evidence.length > 0 ? (
        <ul className={styles.list} aria-label="Evidence">
          {proposal.evidence.map((ref) => (
            <li key={`${ref.type}:${ref.id}`}>
              <EvidenceChip evidence={ref} incidentId={incidentId} />
            </li>
          ))}
        </ul>
      ) : (
        <Text color="secondary" variant="bodySmall">
          No further evidence was attached.
        </Text>
      )}
      {incidentId && (
        <Text variant="bodySmall">
          <AppLink href={incidentUrl(incidentId)}>Open the incident</AppLink> for its explanation, timeline and every
          piece of evidence.
        </Text>
      )}
    </Section>
  );
}

/** One piece of evidence: its kind's icon and id, linking to where it is shown. */
function EvidenceChip({ evidence, incidentId }: { evidence: EvidenceRef; incidentId: string | null }) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const kind = ENTRY_KINDS[evidence.type];
  const href = proposalEvidenceUrl(evidence, incidentId);
  const content = (
    <>
      <Icon name={kind.icon} size="sm" style={{ color: entryColor(theme, evidence.type) }} />
      <span className={styles.label}>
        {kind.label} {evidence.id}
      </span>
    </>
  );
  return href ? (
    <a className={styles.chip} href={href} data-evidence={evidence.type} title={`${kind.label}: ${evidence.id}`}>
      {content}
    </a>
  ) : (
    <span className={styles.chip} data-evidence={evidence.type}>
      {content}
    </span>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css`
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: ${theme.spacing(0.5)};
  `,
  chip: css`
    display: inline-flex;
    align-items: center;
    gap: ${theme.spacing(0.5)};
    max-width: 100%;
    padding: ${theme.spacing(0, 1)};
    border: 1px solid ${theme.colors.border.weak};
    border-radius: ${theme.shape.radius.pill};
    background: ${theme.colors.background.secondary};
    color: ${theme.colors.text.link};
    font-size: ${theme.typography.bodySmall.fontSize};
    line-height: 20px;
    &:hover {
      border-color: ${theme.colors.border.strong};
    }
  `,
  label: css`
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  `,
});
