import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

/**
 * A plain anchor styled as a link. Grafana intercepts clicks on same-origin anchors and routes them client-side,
 * so this needs no router context (unlike TextLink), which also keeps scenes renderable in Jest.
 */
export function AppLink({ href, children }: { href: string; children: React.ReactNode }) {
  const styles = useStyles2(getStyles);
  return (
    <a href={href} className={styles.link}>
      {children}
    </a>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  link: css`
    color: ${theme.colors.text.link};
    &:hover {
      text-decoration: underline;
    }
  `,
});
