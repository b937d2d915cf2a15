import pluginJson from './plugin.json';

export const PLUGIN_BASE_URL = `/a/${pluginJson.id}`;

/** Where admins fix the sidecar URL and token; error states link here. */
export const CONFIG_PAGE_URL = `/plugins/${pluginJson.id}`;

export enum ROUTES {
  Overview = 'overview',
  Forecasts = 'forecasts',
  Anomalies = 'anomalies',
}
