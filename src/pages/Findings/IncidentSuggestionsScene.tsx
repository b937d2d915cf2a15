import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { SceneComponentProps, sceneGraph, SceneObjectBase, SceneObjectState } from '@grafana/scenes';
import { Badge, ClipboardButton, Text, useStyles2 } from '@grafana/ui';
import type { RemediationSuggestion } from '../../api/types';
import type { EvidenceItem } from '../../datasource/incidentFrames';
import { frameRows } from '../../shared/sceneData';
import { EvidenceLinks } from './EvidenceLinks';
import { formatConfidence, kindLabel, kubectlCommand } from './findingsFormat';
import { Section } from './Section';

/** What to do: the rule table's suggestions, first to try first, each with why, how sure and on what evidence. */
export class IncidentSuggestionsScene extends SceneObjectBase<SceneObjectState> {
  static Component = IncidentSuggestionsRenderer;
}

function IncidentSuggestionsRenderer({ model }: SceneComponentProps<IncidentSuggestionsScene>) {
  const styles = useStyles2(getStyles);
  const { data } = sceneGraph.getData(model).useState();
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
                <SuggestionActionSlot suggestion={s} />
              </div>
            </li>
          ))}
        </ol>
      )}
      <Text color="secondary" variant="bodySmall">
        Suggestions come from the sidecar&apos;s rule table, never from an LLM. Nothing here changes the cluster.
      </Text>
    </Section>
  );
}

/**
 * Where a suggestion's actions go. Approving an action from here comes later; until then it offers the kubectl
 * command that does the same by hand, where there is exactly one.
 */
function SuggestionActionSlot({ suggestion }: { suggestion: RemediationSuggestion }) {
  const styles = useStyles2(getStyles);
  const command = kubectlCommand(suggestion);
  if (!command) {
    return null;
  }
  return (
    <div className={styles.actions} data-testid="suggestion-actions">
      <span className={styles.byHand}>By hand:</span>
      <code className={styles.command}>{command}</code>
      <ClipboardButton icon="copy" variant="secondary" size="sm" fill="text" getText={() => command}>
        Copy
      </ClipboardButton>
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
  actions: css`
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${theme.spacing(1)};
    margin-top: ${theme.spacing(0.5)};
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
