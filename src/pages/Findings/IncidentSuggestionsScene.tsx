import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { SceneComponentProps, sceneGraph, SceneObjectBase, SceneObjectState } from '@grafana/scenes';
import { Badge, ClipboardButton, Text, useStyles2 } from '@grafana/ui';
import { sidecarClient } from '../../api/sidecarClient';
import type { RemediationProposal, RemediationSuggestion } from '../../api/types';
import type { EvidenceItem } from '../../datasource/incidentFrames';
import { AppLink } from '../../shared/AppLink';
import { frameRows } from '../../shared/sceneData';
import { targetText } from '../Remediations/remediationFormat';
import { remediationUrl } from '../Remediations/remediationLinks';
import { StateBadge } from '../Remediations/remediationParts';
import { EvidenceLinks } from './EvidenceLinks';
import { formatConfidence, kindLabel, kubectlCommand } from './findingsFormat';
import { Section } from './Section';

interface IncidentSuggestionsState extends SceneObjectState {
  incidentId: string;
  /** Remediation proposals made for this incident, newest first; empty until fetched or when none can be had. */
  proposals: RemediationProposal[];
}

/**
 * What to do: the rule table's suggestions, first to try first, each with why, how sure and on what evidence, and
 * the remediation proposal for the same action on the same target when a policy made one.
 */
export class IncidentSuggestionsScene extends SceneObjectBase<IncidentSuggestionsState> {
  constructor(state: Pick<IncidentSuggestionsState, 'incidentId'> & Partial<IncidentSuggestionsState>) {
    super({ proposals: [], ...state });
    this.addActivationHandler(() => {
      let live = true;
      sidecarClient
        .listRemediations({ incident: this.state.incidentId })
        .then(({ proposals }) => live && this.setState({ proposals }))
        // Proposals are an extra here: without them (remediation off, an older sidecar) the command remains.
        .catch(() => undefined);
      return () => {
        live = false;
      };
    });
  }

  static Component = IncidentSuggestionsRenderer;
}

/** The newest proposal of the suggestion's action on its target, if a policy made one. */
export function proposalFor(
  suggestion: Pick<RemediationSuggestion, 'kind' | 'target'>,
  proposals: RemediationProposal[]
): RemediationProposal | undefined {
  return proposals.find((p) => p.action === suggestion.kind && targetText(p.target) === suggestion.target);
}

function IncidentSuggestionsRenderer({ model }: SceneComponentProps<IncidentSuggestionsScene>) {
  const styles = useStyles2(getStyles);
  const { data } = sceneGraph.getData(model).useState();
  const { proposals } = model.useState();
  if (!data?.series.some((f) => f.refId === 'incidentSuggestions')) {
    return null; // loading and errors are shown once, by the headline
  }
  const suggestions = frameRows<RemediationSuggestion>(data, 'incidentSuggestions');
  const items = frameRows<EvidenceItem>(data, 'incidentEvidence');
  return (
    <Section title="What to do">
      {!suggestions.length ? (
        <Text color="secondary">No suggestion: no remediation rule matched the evidence.</Text>
      ) : (
        <ol className={styles.list} aria-label="Suggestions">
          {suggestions.map((s) => (
            <li key={`${s.rank}-${s.kind}-${s.target}`} className={styles.item}>
              <span className={styles.rank} aria-hidden>
                {s.rank}
              </span>
              <div className={styles.main}>
                <Text weight="medium">{s.title}</Text>
                <div className={styles.meta}>
                  <Badge text={kindLabel(s.kind)} color="blue" />
                  {s.target && <code className={styles.target}>{s.target}</code>}
                  <Confidence value={s.confidence} />
                </div>
                <Text color="secondary">{s.rationale}</Text>
                <EvidenceLinks evidence={s.evidence} items={items} />
                <SuggestionActionSlot suggestion={s} proposal={proposalFor(s, proposals)} />
              </div>
            </li>
          ))}
        </ol>
      )}
      <Text color="secondary" variant="bodySmall">
        Suggestions come from the sidecar&apos;s rule table, never from an LLM. Nothing here changes the cluster: an
        action runs only once a person approves its remediation proposal.
      </Text>
    </Section>
  );
}

/**
 * Where a suggestion's actions go: the remediation proposal that would carry it out, when a policy made one (to
 * review and approve on its page), and the kubectl command that does the same by hand, where there is exactly one.
 */
function SuggestionActionSlot({
  suggestion,
  proposal,
}: {
  suggestion: RemediationSuggestion;
  proposal: RemediationProposal | undefined;
}) {
  const styles = useStyles2(getStyles);
  const command = kubectlCommand(suggestion);
  if (!command && !proposal) {
    return null;
  }
  return (
    <div className={styles.slot} data-testid="suggestion-actions">
      {proposal && (
        <div className={styles.actions} data-testid="suggestion-proposal">
          <span className={styles.byHand}>Proposed:</span>
          <StateBadge state={proposal.state} />
          <AppLink href={remediationUrl(proposal.id)}>
            {proposal.state === 'proposed' ? 'Review and approve' : 'Open the remediation'}
          </AppLink>
        </div>
      )}
      {command && (
        <div className={styles.actions}>
          <span className={styles.byHand}>By hand:</span>
          <code className={styles.command}>{command}</code>
          <ClipboardButton icon="copy" variant="secondary" size="sm" fill="text" getText={() => command}>
            Copy
          </ClipboardButton>
        </div>
      )}
    </div>
  );
}

function Confidence({ value }: { value: number }) {
  const styles = useStyles2(getStyles);
  return (
    <span className={styles.confidence} title="How strongly the evidence supports this action over the others">
      <span
        className={styles.track}
        role="meter"
        aria-label="Confidence"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(value * 100)}
      >
        <span className={styles.fill} style={{ width: `${Math.min(Math.max(value, 0), 1) * 100}%` }} />
      </span>
      {formatConfidence(value)} confidence
    </span>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css`
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: ${theme.spacing(1.5)};
  `,
  item: css`
    display: grid;
    grid-template-columns: auto 1fr;
    gap: ${theme.spacing(1.5)};
    align-items: start;
    & + & {
      border-top: 1px solid ${theme.colors.border.weak};
      padding-top: ${theme.spacing(1.5)};
    }
  `,
  rank: css`
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 24px;
    height: 24px;
    border-radius: 50%;
    background: ${theme.colors.primary.transparent};
    color: ${theme.colors.primary.text};
    font-weight: ${theme.typography.fontWeightMedium};
  `,
  main: css`
    display: flex;
    flex-direction: column;
    gap: ${theme.spacing(0.75)};
    min-width: 0;
  `,
  meta: css`
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${theme.spacing(1)};
  `,
  target: css`
    font-size: ${theme.typography.bodySmall.fontSize};
  `,
  confidence: css`
    display: inline-flex;
    align-items: center;
    gap: ${theme.spacing(0.5)};
    color: ${theme.colors.text.secondary};
    font-size: ${theme.typography.bodySmall.fontSize};
  `,
  track: css`
    display: inline-block;
    width: 60px;
    height: 6px;
    border-radius: ${theme.shape.radius.pill};
    background: ${theme.colors.background.secondary};
    border: 1px solid ${theme.colors.border.weak};
    overflow: hidden;
  `,
  fill: css`
    display: block;
    height: 100%;
    background: ${theme.colors.primary.main};
  `,
  slot: css`
    display: flex;
    flex-direction: column;
    gap: ${theme.spacing(0.5)};
    margin-top: ${theme.spacing(0.5)};
  `,
  actions: css`
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${theme.spacing(1)};
  `,
  byHand: css`
    color: ${theme.colors.text.secondary};
    font-size: ${theme.typography.bodySmall.fontSize};
  `,
  command: css`
    font-size: ${theme.typography.bodySmall.fontSize};
    overflow-wrap: anywhere;
  `,
});
