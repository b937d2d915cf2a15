import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { SceneComponentProps, sceneGraph, SceneObjectBase, SceneObjectState } from '@grafana/scenes';
import { Icon, Text, useStyles2 } from '@grafana/ui';
import type { IncidentExplanation } from '../../api/types';
import type { EvidenceItem } from '../../datasource/incidentFrames';
import { frameRows } from '../../shared/sceneData';
import { EvidenceLinks } from './EvidenceLinks';
import { explainerNote } from './findingsFormat';
import { Section } from './Section';

/** Why it broke: the explanation's summary and cause, each observation with its evidence, and who wrote it. */
export class IncidentExplanationScene extends SceneObjectBase<SceneObjectState> {
  static Component = IncidentExplanationRenderer;
}

function IncidentExplanationRenderer({ model }: SceneComponentProps<IncidentExplanationScene>) {
  const styles = useStyles2(getStyles);
  const { data } = sceneGraph.getData(model).useState();
  if (!data?.series.some((f) => f.refId === 'incidentExplanation')) {
    return null; // loading and errors are shown once, by the headline
  }
  const [explanation] = frameRows<IncidentExplanation>(data, 'incidentExplanation');
  const items = frameRows<EvidenceItem>(data, 'incidentEvidence');
  if (!explanation) {
    return (
      <Section title="What happened">
        <Text color="secondary">
          Not explained yet: the sidecar writes an explanation as soon as the incident has evidence.
        </Text>
      </Section>
    );
  }
  const note = explainerNote(explanation);
  return (
    <Section title="What happened">
      <div data-testid="incident-explanation" className={styles.body}>
        <p className={styles.summary}>{explanation.summary}</p>
        <div>
          <Text color="secondary">Most likely cause: </Text>
          <Text weight="medium">{explanation.cause}</Text>
        </div>
        {explanation.details.length > 0 && (
          <ul className={styles.details} aria-label="Observations">
            {explanation.details.map((d, i) => (
              <li key={i}>
                <div>{d.text}</div>
                <EvidenceLinks evidence={d.evidence} items={items} />
              </li>
            ))}
          </ul>
        )}
        {note ? (
          <div className={note.tone === 'fallback' ? styles.fallback : styles.llm} data-testid="explainer-note">
            <Icon name={note.tone === 'fallback' ? 'exclamation-triangle' : 'ai-sparkle'} />
            <span>{note.text}</span>
          </div>
        ) : (
          <div className={styles.builtIn} data-testid="explainer-note">
            Built-in explanation: written by rules from the evidence, without an LLM.
          </div>
        )}
      </div>
    </Section>
  );
}

const getStyles = (theme: GrafanaTheme2) => {
  const note = css`
    display: flex;
    gap: ${theme.spacing(1)};
    align-items: flex-start;
    padding: ${theme.spacing(1)};
    border-radius: ${theme.shape.radius.default};
    font-size: ${theme.typography.bodySmall.fontSize};
  `;
  return {
    body: css`
      display: flex;
      flex-direction: column;
      gap: ${theme.spacing(1.5)};
    `,
    summary: css`
      font-size: ${theme.typography.h5.fontSize};
      line-height: 1.5;
      margin: 0;
    `,
    details: css`
      margin: 0 0 0 ${theme.spacing(2)};
      display: flex;
      flex-direction: column;
      gap: ${theme.spacing(1)};
      li > div {
        margin-bottom: ${theme.spacing(0.5)};
      }
    `,
    llm: css`
      ${note};
      background: ${theme.colors.info.transparent};
      color: ${theme.colors.info.text};
    `,
    fallback: css`
      ${note};
      background: ${theme.colors.warning.transparent};
      color: ${theme.colors.warning.text};
    `,
    builtIn: css`
      color: ${theme.colors.text.secondary};
      font-size: ${theme.typography.bodySmall.fontSize};
    `,
  };
};
