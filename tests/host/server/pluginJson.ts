// Reads a plugin.json the way Grafana sees it after the build: the create-plugin placeholders (%PLUGIN_ID%,
// %VERSION%, %TODAY%) filled in, so src/plugin.json and dist/plugin.json describe the same plugin.
import { readFileSync } from 'node:fs';

export interface PluginRouteHeader {
  name: string;
  content: string;
}

/** One entry of plugin.json `routes`, as Grafana's plugin proxy reads it. */
export interface PluginRoute {
  path?: string;
  method?: string;
  url?: string;
  reqRole?: string;
  reqAction?: string;
  headers?: PluginRouteHeader[];
  body?: unknown;
}

export interface PluginInclude {
  type: string;
  name: string;
  path?: string;
  addToNav?: boolean;
  defaultNav?: boolean;
  role?: string;
  action?: string;
  [key: string]: unknown;
}

/** plugin.json `roles`: RBAC roles a plugin declares and the basic roles they are granted to. */
export interface PluginRoleRegistration {
  role: { name: string; description?: string; permissions: Array<{ action: string; scope?: string }> };
  grants: string[];
}

export interface PluginJson {
  id: string;
  type: string;
  name: string;
  info: Record<string, unknown> & { logos?: { small?: string; large?: string } };
  includes?: PluginInclude[];
  routes?: PluginRoute[];
  roles?: PluginRoleRegistration[];
  dependencies?: Record<string, unknown>;
  autoEnabled?: boolean;
  [key: string]: unknown;
}

export function loadPluginJson(path: string, options: { version?: string; today?: string } = {}): PluginJson {
  const raw = readFileSync(path, 'utf8');
  const id = (JSON.parse(raw) as { id?: unknown }).id;
  if (typeof id !== 'string' || !id) {
    throw new Error(`${path}: plugin.json has no "id"`);
  }
  const filled = raw
    .replaceAll('%PLUGIN_ID%', id)
    .replaceAll('%VERSION%', options.version ?? '1.0.0')
    .replaceAll('%TODAY%', options.today ?? new Date().toISOString().slice(0, 10));
  return JSON.parse(filled) as PluginJson;
}
