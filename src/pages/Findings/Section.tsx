import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Text, useStyles2 } from '@grafana/ui';

interface SectionProps {
  title: string;
  /** Shown after the title, e.g. the number of items. */
  aside?: React.ReactNode;
  children: React.ReactNode;
}

/** A titled box on the incident page; a region named by its title, so tests and screen readers find it. */
export function Section({ title, aside, children }: SectionProps) {
  const styles = useStyles2(getStyles);
  const id = `section-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section className={styles.box} aria-labelledby={id}>
      <div className={styles.header}>
        <Text element="h3" variant="h5" id={id}>
          {title}
        </Text>
        {aside}
      </div>
      {children}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  box: css`
    width: 100%;
    padding: ${theme.spacing(2)};
    background: ${theme.colors.background.primary};
    border: 1px solid ${theme.colors.border.weak};
    border-radius: ${theme.shape.radius.default};
    display: flex;
    flex-direction: column;
    gap: ${theme.spacing(1.5)};
  `,
  header: css`
    display: flex;
    align-items: baseline;
    justify-content: space-between;
    gap: ${theme.spacing(1)};
    h3 {
      margin: 0;
    }
  `,
});
