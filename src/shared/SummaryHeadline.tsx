import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Stack, Text, useStyles2 } from '@grafana/ui';

interface SummaryHeadlineProps {
  /** The box's data-testid. */
  testId: string;
  title: string;
  /** The series or group labels, shown in monospace under the title. */
  labels: string;
  /** Set (even to null) to put the title in a row with this on its right, e.g. a link to a related page. */
  aside?: React.ReactNode;
  /** How the Stat row aligns its items (Stack's alignItems). */
  alignStats?: React.ComponentProps<typeof Stack>['alignItems'];
  /** The Stat row. */
  children: React.ReactNode;
}

/** The headline box of a series or group drilldown: title, monospace labels, then a wrapping row of Stats. */
export function SummaryHeadline({ testId, title, labels, aside, alignStats, children }: SummaryHeadlineProps) {
  const styles = useStyles2(getStyles);
  const heading = (
    <Text element="h2" variant="h3">
      {title}
    </Text>
  );
  return (
    <div className={styles.box} data-testid={testId}>
      {aside === undefined ? (
        heading
      ) : (
        <Stack justifyContent="space-between" alignItems="baseline">
          {heading}
          {aside}
        </Stack>
      )}
      <div className={styles.labels}>{labels}</div>
      <Stack gap={4} wrap="wrap" alignItems={alignStats}>
        {children}
      </Stack>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  box: css`
    width: 100%;
    display: flex;
    flex-direction: column;
    gap: ${theme.spacing(1)};
  `,
  labels: css`
    font-family: ${theme.typography.fontFamilyMonospace};
    color: ${theme.colors.text.secondary};
  `,
});
