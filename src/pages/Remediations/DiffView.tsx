import React from 'react';
import { css, cx } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { diffLines, DiffLineKind } from './remediationFormat';

/** A unified diff as `kubectl diff` prints it, with added lines green and removed ones red, in a monospace block. */
export function DiffView({ diff }: { diff: string }) {
  const styles = useStyles2(getStyles);
  const lines = diffLines(diff);
  if (!lines.length) {
    return <div className={styles.empty}>No object changes: the action leaves every object as it is.</div>;
  }
  return (
    <pre className={styles.diff} aria-label="Diff" role="figure">
      {lines.map((line, i) => (
        <span key={i} className={cx(styles.line, styles[line.kind])} data-diff={line.kind}>
          {line.text || ' '}
        </span>
      ))}
    </pre>
  );
}

const getStyles = (theme: GrafanaTheme2): Record<DiffLineKind | 'diff' | 'line' | 'empty', string> => ({
  diff: css`
    margin: 0;
    padding: ${theme.spacing(1, 0)};
    max-height: 480px;
    overflow: auto;
    font-family: ${theme.typography.fontFamilyMonospace};
    font-size: ${theme.typography.bodySmall.fontSize};
    line-height: 1.5;
    background: ${theme.colors.background.canvas};
    border: 1px solid ${theme.colors.border.weak};
    border-radius: ${theme.shape.radius.default};
  `,
  line: css`
    display: block;
    padding: ${theme.spacing(0, 1.5)};
    white-space: pre;
  `,
  file: css`
    color: ${theme.colors.text.primary};
    font-weight: ${theme.typography.fontWeightMedium};
  `,
  hunk: css`
    color: ${theme.colors.info.text};
    background: ${theme.colors.info.transparent};
  `,
  add: css`
    color: ${theme.colors.success.text};
    background: ${theme.colors.success.transparent};
  `,
  remove: css`
    color: ${theme.colors.error.text};
    background: ${theme.colors.error.transparent};
  `,
  context: css`
    color: ${theme.colors.text.secondary};
  `,
  note: css`
    color: ${theme.colors.text.disabled};
    font-style: italic;
  `,
  empty: css`
    color: ${theme.colors.text.secondary};
  `,
});
