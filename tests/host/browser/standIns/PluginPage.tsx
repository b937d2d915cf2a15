// Stand-in for Grafana core's PluginPage (the page chrome around an app page: breadcrumbs, title, subtitle,
// actions, tabs). Scenes' SceneAppPage renders its title and tabs through it, so without it tabs would vanish.
import React from 'react';
import type { GrafanaTheme2, NavModelItem } from '@grafana/data';
import type { PluginPageProps } from '@grafana/runtime';
import { Stack, Tab, TabsBar, TextLink, useStyles2 } from '@grafana/ui';
import { css } from '@emotion/css';

function breadcrumbs(item: NavModelItem | undefined): NavModelItem[] {
  const chain: NavModelItem[] = [];
  for (let current = item?.parentItem; current; current = current.parentItem) {
    chain.unshift(current);
  }
  return chain;
}

export function PluginPageStandIn({ pageNav, subTitle, actions, renderTitle, info, children }: PluginPageProps) {
  const styles = useStyles2(getStyles);
  const title = pageNav?.text ?? '';
  const tabs = pageNav?.children?.filter((child) => !child.hideFromTabs) ?? [];
  return (
    <div className={styles.page} data-testid="plugin-page">
      <nav aria-label="Breadcrumbs" className={styles.breadcrumbs}>
        {breadcrumbs(pageNav).map((crumb) => (
          <span key={crumb.url ?? crumb.text}>
            {crumb.url ? (
              <TextLink href={crumb.url} inline={false}>
                {crumb.text}
              </TextLink>
            ) : (
              crumb.text
            )}{' '}
            /{' '}
          </span>
        ))}
      </nav>
      <Stack justifyContent="space-between" alignItems="center">
        {renderTitle ? renderTitle(title) : <h1>{title}</h1>}
        {actions}
      </Stack>
      {(subTitle ?? pageNav?.subTitle) && <div className={styles.subTitle}>{subTitle ?? pageNav?.subTitle}</div>}
      {info && (
        <Stack gap={2}>
          {info.map((item) => (
            <span key={item.label}>
              {item.label}: {item.value}
            </span>
          ))}
        </Stack>
      )}
      {tabs.length > 0 && (
        <TabsBar>
          {tabs.map((tab) => (
            <Tab
              key={tab.url ?? tab.text}
              label={tab.text}
              href={tab.url}
              active={tab.active}
              icon={tab.icon as never}
            />
          ))}
        </TabsBar>
      )}
      <div className={styles.body}>{children}</div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ padding: theme.spacing(2, 3), display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  breadcrumbs: css({ color: theme.colors.text.secondary, minHeight: theme.spacing(2) }),
  subTitle: css({ color: theme.colors.text.secondary }),
  body: css({ flexGrow: 1, display: 'flex', flexDirection: 'column' }),
});
