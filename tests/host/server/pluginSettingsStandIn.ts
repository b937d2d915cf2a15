// Stand-in for Grafana's plugin settings API (pkg/api/plugins.go, pkg/services/pluginsintegration/pluginsettings):
//   GET  /api/plugins/:pluginId/settings  the plugin's meta with this org's settings. Secrets never leave: only
//        `secureJsonFields` ({name: true} for each secret that is set) tells the config page what is stored.
//   POST /api/plugins/:pluginId/settings  {enabled, pinned, jsonData, secureJsonData}; needs plugins:write (org
//        Admin). As in Grafana: enabled and pinned are set to what is sent (absent = false), jsonData is replaced
//        (absent = null), secureJsonData is merged (a key sent replaces that secret, keys not sent are kept).
// Settings start as provisioned (provisioning/plugins/*.yaml) and live in memory for the server's lifetime.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parse } from 'yaml';
import type { PluginInclude, PluginJson } from './pluginJson.ts';
import { userFromRequest, type TestUser } from './testUsers.ts';

export type JsonData = Record<string, unknown>;

/** What provisioning sets for an app (provisioning/plugins/*.yaml `apps` entries). */
export interface ProvisionedApp {
  jsonData?: JsonData;
  secureJsonData?: Record<string, string>;
  /** Provisioned apps are enabled unless `disabled: true`. */
  enabled?: boolean;
  pinned?: boolean;
}

/** One org's stored settings of a plugin, secrets in clear (server side only). */
export interface PluginSettings {
  enabled: boolean;
  pinned: boolean;
  jsonData: JsonData | null;
  secureJsonData: Record<string, string>;
}

/** The body the config page POSTs. */
export interface UpdatePluginSettingsCommand {
  enabled?: boolean;
  pinned?: boolean;
  jsonData?: JsonData | null;
  secureJsonData?: Record<string, string>;
}

/** GET /api/plugins/:pluginId/settings, as Grafana's dtos.PluginSetting. */
export interface PluginSettingDto {
  name: string;
  type: string;
  id: string;
  enabled: boolean;
  pinned: boolean;
  autoEnabled: boolean;
  module: string;
  baseUrl: string;
  info: Record<string, unknown>;
  includes: PluginInclude[];
  dependencies: Record<string, unknown>;
  extensions: Record<string, unknown[]>;
  jsonData: JsonData | null;
  secureJsonFields: Record<string, boolean>;
  defaultNavUrl: string;
  latestVersion: string;
  hasUpdate: boolean;
  state: string;
  signature: string;
  signatureType: string;
  signatureOrg: string;
  angularDetected: boolean;
  loadingStrategy: string;
}

export interface PluginSettingsStandIn {
  /** Current settings of a plugin, secrets included; undefined for a plugin that is not installed. */
  get(pluginId: string): PluginSettings | undefined;
  /** Applies an update with Grafana's semantics (see the file comment). */
  update(pluginId: string, command: UpdatePluginSettingsCommand): void;
  /** The GET body for a plugin, or undefined when it is not installed. */
  meta(pluginId: string): PluginSettingDto | undefined;
  /** Back to the provisioned settings. */
  reset(): void;
}

export interface PluginSettingsStandInOptions {
  /** The installed plugins, by id. */
  plugins: Record<string, PluginJson>;
  provisioned: Record<string, ProvisionedApp>;
}

export function createPluginSettingsStandIn(options: PluginSettingsStandInOptions): PluginSettingsStandIn {
  const store = new Map<string, PluginSettings>();
  const seed = () => {
    store.clear();
    for (const [pluginId, app] of Object.entries(options.provisioned)) {
      if (!options.plugins[pluginId]) {
        throw new Error(`pluginSettingsStandIn: provisioned plugin "${pluginId}" is not installed`);
      }
      store.set(pluginId, {
        enabled: app.enabled ?? true,
        // Grafana's provisioner pins every provisioned app.
        pinned: app.pinned ?? true,
        jsonData: structuredClone(app.jsonData ?? {}),
        secureJsonData: { ...app.secureJsonData },
      });
    }
  };
  seed();

  return {
    get(pluginId) {
      const settings = store.get(pluginId);
      return settings && structuredClone(settings);
    },
    update(pluginId, command) {
      if (!options.plugins[pluginId]) {
        throw new Error(`plugin "${pluginId}" is not installed`);
      }
      const previous = store.get(pluginId);
      store.set(pluginId, {
        enabled: command.enabled === true,
        pinned: command.pinned === true,
        jsonData: command.jsonData === undefined ? null : structuredClone(command.jsonData),
        secureJsonData: { ...previous?.secureJsonData, ...command.secureJsonData },
      });
    },
    meta(pluginId) {
      const plugin = options.plugins[pluginId];
      return plugin && settingDto(plugin, store.get(pluginId));
    },
    reset: seed,
  };
}

function settingDto(plugin: PluginJson, settings: PluginSettings | undefined): PluginSettingDto {
  const baseUrl = `public/plugins/${plugin.id}`;
  const includes = (plugin.includes ?? []).map((include) => ({
    ...include,
    role: include.role || 'Viewer',
    slug: slugify(include.name),
  }));
  const defaultNav = includes.find((include) => include.defaultNav);
  const secureJsonFields: Record<string, boolean> = {};
  for (const [key, value] of Object.entries(settings?.secureJsonData ?? {})) {
    if (value.length > 0) {
      secureJsonFields[key] = true;
    }
  }
  return {
    name: plugin.name,
    type: plugin.type,
    id: plugin.id,
    // Without stored settings an app is enabled only if it is autoEnabled.
    enabled: settings?.enabled ?? plugin.autoEnabled === true,
    pinned: settings?.pinned ?? plugin.autoEnabled === true,
    autoEnabled: plugin.autoEnabled === true,
    module: `${baseUrl}/module.js`,
    baseUrl,
    info: pluginInfo(plugin, baseUrl),
    includes,
    dependencies: { grafanaVersion: '*', plugins: [], ...plugin.dependencies },
    extensions: { addedLinks: [], addedComponents: [], exposedComponents: [], extensionPoints: [], addedFunctions: [] },
    jsonData: settings ? structuredClone(settings.jsonData) : null,
    secureJsonFields,
    defaultNavUrl: !defaultNav
      ? ''
      : defaultNav.type === 'page' && defaultNav.path
        ? defaultNav.path
        : `/plugins/${plugin.id}/page/${defaultNav.slug}`,
    latestVersion: '',
    hasUpdate: false,
    state: '',
    // The test host loads the unsigned build, as Grafana does with allow_loading_unsigned_plugins.
    signature: 'unsigned',
    signatureType: '',
    signatureOrg: '',
    angularDetected: false,
    loadingStrategy: 'script',
  };
}

// Grafana serves logo and screenshot paths relative to the plugin's base URL.
function pluginInfo(plugin: PluginJson, baseUrl: string): Record<string, unknown> {
  const asset = (path: unknown) =>
    typeof path === 'string' && path && !/^https?:\/\//.test(path) ? `${baseUrl}/${path}` : path;
  const info = plugin.info ?? {};
  const screenshots = Array.isArray(info.screenshots) ? info.screenshots : [];
  return {
    links: [],
    build: {},
    ...info,
    logos: { small: asset(info.logos?.small), large: asset(info.logos?.large) },
    screenshots: screenshots.map((s: { name?: string; path?: string }) => ({ ...s, path: asset(s.path) })),
  };
}

const slugify = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** Registers GET and POST /api/plugins/:pluginId/settings. */
export function registerPluginSettingsRoutes(
  app: FastifyInstance,
  settings: PluginSettingsStandIn,
  currentUser: (request: FastifyRequest) => TestUser = userFromRequest
): void {
  app.get<{ Params: { pluginId: string } }>('/api/plugins/:pluginId/settings', async (request, reply) => {
    currentUser(request);
    const dto = settings.meta(request.params.pluginId);
    if (!dto) {
      return reply.code(404).send({ message: 'Plugin not found, no installed plugin with that id' });
    }
    return dto;
  });

  app.post<{ Params: { pluginId: string }; Body: unknown }>(
    '/api/plugins/:pluginId/settings',
    async (request, reply) => {
      const user = currentUser(request);
      // plugins:write belongs to the org Admin basic role.
      if (user.orgRole !== 'Admin') {
        return accessDenied(reply, 'plugins:write');
      }
      const command = updateCommand(request.body);
      if (!command) {
        return reply.code(400).send({ message: 'bad request data' });
      }
      if (!settings.meta(request.params.pluginId)) {
        return reply.code(404).send({ message: 'Plugin not installed' });
      }
      settings.update(request.params.pluginId, command);
      return { message: 'Plugin settings updated' };
    }
  );
}

function updateCommand(body: unknown): UpdatePluginSettingsCommand | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return undefined;
  }
  const { enabled, pinned, jsonData, secureJsonData } = body as Record<string, unknown>;
  const isMap = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (enabled !== undefined && typeof enabled !== 'boolean') {
    return undefined;
  }
  if (pinned !== undefined && typeof pinned !== 'boolean') {
    return undefined;
  }
  if (jsonData !== undefined && jsonData !== null && !isMap(jsonData)) {
    return undefined;
  }
  if (secureJsonData !== undefined && secureJsonData !== null) {
    if (!isMap(secureJsonData)) {
      return undefined;
    }
    if (Object.values(secureJsonData as object).some((v) => typeof v !== 'string')) {
      return undefined;
    }
  }
  return {
    enabled,
    pinned,
    jsonData: jsonData as JsonData | null | undefined,
    secureJsonData: (secureJsonData ?? undefined) as Record<string, string> | undefined,
  };
}

/** Grafana's access-control denial body. */
export function accessDenied(reply: FastifyReply, action: string) {
  return reply.code(403).send({
    accessErrorId: `ACE${randomBytes(5).readUInt32BE() % 10_000_000_000}`,
    message: `You'll need additional permissions to perform this action. Permissions needed: ${action}`,
    title: 'Access denied',
  });
}

/**
 * The `apps` of a Grafana provisioning file (provisioning/plugins/*.yaml) for org 1, with `$VAR` and `${VAR}`
 * expanded from env as Grafana expands them.
 */
export function provisionedAppsFromYaml(file: string, env: NodeJS.ProcessEnv): Record<string, ProvisionedApp> {
  const doc = parse(readFileSync(file, 'utf8')) as {
    apps?: Array<{
      type: string;
      org_id?: number;
      disabled?: boolean;
      jsonData?: JsonData;
      secureJsonData?: Record<string, string>;
    }>;
  };
  const expand = (value: unknown): unknown => {
    if (typeof value === 'string') {
      return value.replace(/\$(?:\{(\w+)\}|(\w+))/g, (_m, braced: string, bare: string) => env[braced ?? bare] ?? '');
    }
    if (Array.isArray(value)) {
      return value.map(expand);
    }
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expand(v)]));
    }
    return value;
  };
  const apps: Record<string, ProvisionedApp> = {};
  for (const app of doc.apps ?? []) {
    if ((app.org_id ?? 1) !== 1) {
      continue;
    }
    apps[app.type] = {
      enabled: !app.disabled,
      jsonData: expand(app.jsonData ?? {}) as JsonData,
      secureJsonData: expand(app.secureJsonData ?? {}) as Record<string, string>,
    };
  }
  return apps;
}
