import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Alert, Badge, LoadingPlaceholder, Text, useStyles2 } from '@grafana/ui';
import type { ActionPreview } from '../../api/types';
import { Section } from '../Findings/Section';
import { formatTime, plural } from '../Findings/findingsFormat';
import { DiffView } from './DiffView';
import type { Fetched } from './fetched';
import { previewSourceLabel } from './remediationFormat';

interface PreviewSectionProps {
  /** The preview to show: freshly computed while the proposal waits, the stored one after the decision. */
  preview: ActionPreview | null;
  /** The fetch of a fresh preview, while the proposal waits for a decision. */
  fresh?: Fetched<ActionPreview>;
}

/** What the action will change, before anyone approves it: a sentence, the blast radius, warnings and the diff. */
export function PreviewSection({ preview, fresh }: PreviewSectionProps) {
  const styles = useStyles2(getStyles);
  const shown = fresh?.value ?? preview;
  return (
    <Section title="Preview" aside={shown && <PreviewSource preview={shown} />}>
      {fresh?.error && (
        <Alert severity="warning" title="The preview could not be recomputed">
          {fresh.error}
          {shown && ' — showing the one computed earlier.'}
        </Alert>
      )}
      {!shown ? (
        fresh?.loading ? (
          <LoadingPlaceholder text="Computing the preview…" />
        ) : (
          <Text color="secondary">No preview was recorded for this proposal.</Text>
        )
      ) : (
        <>
          <Text>{shown.summary}</Text>
          <div className={styles.impact} aria-label="Blast radius">
            <span>
              <strong>{plural(shown.impact.podsAffected, 'pod')}</strong> restarted, deleted or evicted
            </span>
            <span>
              <strong>{plural(shown.impact.replicasChanged, 'replica')}</strong> changed
            </span>
          </div>
          {shown.warnings.length > 0 && (
            <Alert severity="warning" title={plural(shown.warnings.length, 'warning')}>
              <ul className={styles.warnings}>
                {shown.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </Alert>
          )}
          <DiffView diff={shown.diff} />
          <Text color="secondary" variant="bodySmall">
            Computed {formatTime(shown.computedAt)}
            {shown.objects.length > 0 && ` for ${shown.objects.map((o) => `${o.ref} (${o.change})`).join(', ')}`}
          </Text>
        </>
      )}
    </Section>
  );
}

function PreviewSource({ preview }: { preview: ActionPreview }) {
  const title =
    preview.source === 'kubernetes-dry-run'
      ? 'The Kubernetes API server applied the change with dryRun=All: admission and defaulting ran, nothing was stored'
      : preview.source === 'simulator'
        ? 'Computed against the simulated cluster of the demo'
        : 'Computed by the sidecar from the objects as they are; no server-side dry-run was available';
  return (
    <span title={title} data-testid="preview-source">
      <Badge text={previewSourceLabel(preview.source)} color={preview.source === 'plan' ? 'orange' : 'blue'} />
    </span>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  impact: css`
    display: flex;
    flex-wrap: wrap;
    gap: ${theme.spacing(3)};
  `,
  warnings: css`
    margin: 0;
    padding-left: ${theme.spacing(2)};
  `,
});
