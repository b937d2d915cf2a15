// Entry of the test host bundle: set up what Grafana core provides, load the production plugin bundle from
// /public/plugins/<id>/module.js as Grafana does, and mount it.
import React from 'react';
import { createRoot } from 'react-dom/client';
import type { AppPlugin } from '@grafana/data';
import { config } from '@grafana/runtime';
import { GlobalStyles, ThemeContext } from '@grafana/ui';
import { loadAmdModule } from './amdModuleLoader';
import { HostApp } from './HostApp';
import { installGrafanaServices } from './installServices';
import { providedModules } from './providedModules';

const PLUGIN_ID = 'prophet-aiops-app';

async function start(root: HTMLElement) {
  installGrafanaServices();
  const view = createRoot(root);
  try {
    const exports = await loadAmdModule(`/public/plugins/${PLUGIN_ID}/module.js`, providedModules);
    const plugin = exports.plugin as AppPlugin | undefined;
    if (!plugin) {
      throw new Error(`module.js of ${PLUGIN_ID} exports no "plugin"`);
    }
    view.render(
      <ThemeContext.Provider value={config.theme2}>
        <GlobalStyles />
        <HostApp pluginId={PLUGIN_ID} plugin={plugin} />
      </ThemeContext.Provider>
    );
  } catch (err) {
    console.error(err);
    view.render(<pre data-testid="host-load-error">{`The plugin failed to load: ${String(err)}`}</pre>);
  }
}

start(document.getElementById('root')!);
