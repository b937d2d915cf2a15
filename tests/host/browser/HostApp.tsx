// The host's page: a minimal Grafana chrome (nav from the plugin's includes, the signed-in test user) around
// the plugin's app root at /a/<id>/… and its config page at /plugins/<id>, as Grafana mounts them.
import React, { useEffect, useMemo, useState } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { css } from '@emotion/css';
import { type AppPlugin, type AppPluginMeta, type GrafanaTheme2, PluginContextProvider, urlUtil } from '@grafana/data';
import { config, getBackendSrv } from '@grafana/runtime';
import { Alert, LoadingPlaceholder, TextLink, useStyles2 } from '@grafana/ui';
import { HostRouter } from './HostRouter';

export interface HostAppProps {
  pluginId: string;
  plugin: AppPlugin;
}

// Grafana sets the loaded settings on the plugin object before rendering its pages (config pages read them).
function attachMeta(plugin: AppPlugin, meta: AppPluginMeta): void {
  plugin.meta = meta;
}

function usePluginMeta(plugin: AppPlugin, pluginId: string, reloads: number) {
  const [state, setState] = useState<{ meta?: AppPluginMeta; error?: string }>({});
  useEffect(() => {
    getBackendSrv()
      .get<AppPluginMeta>(`/api/plugins/${pluginId}/settings`)
      .then((meta) => {
        attachMeta(plugin, meta);
        setState({ meta });
      })
      .catch((err) => setState({ error: err?.data?.message ?? String(err?.statusText ?? err) }));
  }, [plugin, pluginId, reloads]);
  return state;
}

function AppRoot({ plugin, meta }: { plugin: AppPlugin; meta: AppPluginMeta }) {
  const basename = `/a/${meta.id}`;
  const Root = plugin.root;
  if (!Root) {
    return <Alert title="This app has no root page" />;
  }
  return (
    <Root
      meta={meta}
      basename={basename}
      path={basename}
      query={urlUtil.getUrlSearchParams() as never}
      onNavChanged={() => {}}
    />
  );
}

function ConfigPages({ plugin, meta }: { plugin: AppPlugin; meta: AppPluginMeta }) {
  const page = plugin.configPages?.[0];
  if (!page) {
    return <Alert title="This app has no configuration page" />;
  }
  const Body = page.body;
  return (
    <div style={{ padding: 24 }}>
      <h1>{meta.name}</h1>
      <h2>{page.title}</h2>
      <Body plugin={plugin} query={urlUtil.getUrlSearchParams() as never} />
    </div>
  );
}

function Chrome({ meta, children }: { meta: AppPluginMeta; children: React.ReactNode }) {
  const styles = useStyles2(getStyles);
  const user = config.bootData.user;
  const pages = (meta.includes ?? []).filter((include) => include.type === 'page' && include.addToNav);
  return (
    <div className={styles.layout}>
      <nav aria-label="Main navigation" className={styles.nav}>
        <strong>{meta.name}</strong>
        {pages.map((page) => (
          <TextLink key={page.name} href={(page.path ?? '').replace('%PLUGIN_ID%', meta.id)} inline={false}>
            {page.name}
          </TextLink>
        ))}
        <TextLink href={`/plugins/${meta.id}`} inline={false}>
          Configuration
        </TextLink>
        <span className={styles.user} data-testid="signed-in-user">
          {user.login} ({user.orgRole})
        </span>
      </nav>
      <main className={styles.main}>{children}</main>
    </div>
  );
}

export function HostApp({ pluginId, plugin }: HostAppProps) {
  return <HostRouter>{(reloads) => <HostPages pluginId={pluginId} plugin={plugin} reloads={reloads} />}</HostRouter>;
}

function HostPages({ pluginId, plugin, reloads }: HostAppProps & { reloads: number }) {
  const { meta, error } = usePluginMeta(plugin, pluginId, reloads);
  const defaultPage = useMemo(
    () =>
      meta?.includes
        ?.find((include) => (include as { defaultNav?: boolean }).defaultNav)
        ?.path?.replace('%PLUGIN_ID%', pluginId),
    [meta, pluginId]
  );
  if (error) {
    return <Alert title={`Could not load the settings of ${pluginId}`}>{error}</Alert>;
  }
  if (!meta) {
    return <LoadingPlaceholder text="Loading plugin settings…" />;
  }
  return (
    <PluginContextProvider meta={meta}>
      <Chrome meta={meta}>
        <Routes key={reloads}>
          <Route path={`/a/${pluginId}/*`} element={<AppRoot plugin={plugin} meta={meta} />} />
          <Route path={`/plugins/${pluginId}`} element={<ConfigPages plugin={plugin} meta={meta} />} />
          <Route path="*" element={<Navigate to={defaultPage ?? `/plugins/${pluginId}`} replace />} />
        </Routes>
      </Chrome>
    </PluginContextProvider>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  layout: css({ display: 'flex', minHeight: '100vh', background: theme.colors.background.canvas }),
  nav: css({
    width: 200,
    padding: theme.spacing(2),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
    borderRight: `1px solid ${theme.colors.border.weak}`,
    background: theme.colors.background.primary,
  }),
  user: css({ marginTop: 'auto', color: theme.colors.text.secondary }),
  main: css({ flexGrow: 1, minWidth: 0 }),
});
