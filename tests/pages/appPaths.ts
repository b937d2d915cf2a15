// URLs of the app's pages: the same in a real Grafana and in the test host (Grafana mounts apps at /a/<id>).
import pluginJson from '../../src/plugin.json';

export const PLUGIN_ID = pluginJson.id;
export const appUrl = (path = '') => `/a/${PLUGIN_ID}${path ? `/${path.replace(/^\//, '')}` : ''}`;
export const CONFIG_URL = `/plugins/${PLUGIN_ID}`;
export const SIDECAR_PROXY = `/api/plugin-proxy/${PLUGIN_ID}/api`;

/** The pages the app adds to Grafana's navigation, from plugin.json `includes`. */
export const NAV_PAGES = pluginJson.includes
  .filter((include) => include.type === 'page' && include.addToNav)
  .map((include) => ({ name: include.name, url: include.path.replace('%PLUGIN_ID%', PLUGIN_ID) }));
