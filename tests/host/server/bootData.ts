// window.grafanaBootData as Grafana's index.html inlines it: the settings and signed-in user that
// @grafana/runtime's `config` reads when it loads. Only what the plugin and @grafana/ui touch is filled in.
import type { TestUser } from './testUsers.ts';

const prometheus = {
  id: 1,
  uid: 'prometheus',
  name: 'Prometheus',
  type: 'prometheus',
  access: 'proxy',
  url: '',
  isDefault: true,
  readOnly: true,
  jsonData: {},
  meta: {
    id: 'prometheus',
    name: 'Prometheus',
    type: 'datasource',
    metrics: true,
    alerting: true,
    module: 'core:plugin/prometheus',
    baseUrl: 'public/plugins/prometheus',
    info: {
      logos: { small: '', large: '' },
      author: { name: 'Grafana Labs' },
      description: '',
      links: [],
      screenshots: [],
      updated: '',
      version: '',
    },
  },
};

export function grafanaBootData(user: TestUser, rootUrl: string, grafanaVersion: string) {
  return {
    assets: { dark: '', light: '' },
    navTree: [],
    settings: {
      appUrl: rootUrl,
      appSubUrl: '',
      buildInfo: { version: grafanaVersion, commit: 'test-host', env: 'production', edition: 'Open Source' },
      datasources: { Prometheus: prometheus },
      defaultDatasource: 'Prometheus',
      featureToggles: {},
      unifiedAlertingEnabled: true,
    },
    user: {
      id: user.id,
      uid: user.uid,
      login: user.login,
      email: user.email,
      name: user.name,
      orgId: user.orgId,
      orgName: 'Main Org.',
      orgRole: user.orgRole,
      isGrafanaAdmin: user.isGrafanaAdmin,
      isSignedIn: true,
      theme: 'dark',
      timezone: 'browser',
      weekStart: 'browser',
      locale: 'en-US',
      language: 'en-US',
      regionalFormat: 'en-US',
      permissions: {},
    },
  };
}

/** The page Grafana serves for every UI route; `<` is escaped so boot data cannot close the script tag. */
export function hostPage(bootData: unknown): string {
  const json = JSON.stringify(bootData).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <base href="/" />
    <title>Prophet AIOps — plugin test host</title>
    <link rel="stylesheet" href="/host/host.css" />
  </head>
  <body>
    <div id="root"></div>
    <script>window.grafanaBootData = ${json};</script>
    <script src="/host/host.js"></script>
  </body>
</html>
`;
}
