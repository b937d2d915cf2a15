import { PanelPlugin, PanelPluginMeta } from '@grafana/data';
import { setPluginImportUtils } from '@grafana/runtime';

/**
 * Grafana loads panel plugins (timeseries, …) at run time; Jest has none, and jsdom cannot draw them anyway.
 * Every panel id resolves to a plugin that renders nothing, so a scene with VizPanels activates and its panels
 * receive their data and field config, which is what the tests check.
 */
export function installBlankPanelPluginsForTests() {
  const plugins = new Map<string, PanelPlugin>();
  const blank = (id: string) => {
    if (!plugins.has(id)) {
      const plugin = new PanelPlugin(() => null);
      plugin.meta = { id, name: id, info: { logos: {} } } as unknown as PanelPluginMeta;
      plugins.set(id, plugin);
    }
    return plugins.get(id)!;
  };
  setPluginImportUtils({
    importPanelPlugin: async (id: string) => blank(id),
    getPanelPluginFromCache: (id: string) => blank(id),
  });
}
