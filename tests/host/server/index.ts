// Grafana's HTTP API as the plugin needs it, for the browser test host (not shipped): plugin settings, the app
// plugin proxy, the ID token keys, and the signed-in user. Each piece mimics Grafana's behaviour; see its file.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createIdentityStandIn, type IdentityStandIn } from './identityStandIn.ts';
import { loadPluginJson, type PluginJson } from './pluginJson.ts';
import { registerPluginProxy } from './pluginProxyStandIn.ts';
import {
  createPluginSettingsStandIn,
  registerPluginSettingsRoutes,
  type PluginSettingsStandIn,
  type ProvisionedApp,
} from './pluginSettingsStandIn.ts';
import { userFromRequest, type TestUser } from './testUsers.ts';

export { createIdentityStandIn, ID_TOKEN_TTL_SECONDS } from './identityStandIn.ts';
export type { IdentityStandIn, JsonWebKeySet, SignIdTokenOptions } from './identityStandIn.ts';
export { loadPluginJson } from './pluginJson.ts';
export type { PluginJson, PluginRoute } from './pluginJson.ts';
export {
  hasAccessToRoute,
  joinUrlFragments,
  matchRoute,
  proxyTargetOf,
  registerPluginProxy,
  renderTemplate,
} from './pluginProxyStandIn.ts';
export {
  createPluginSettingsStandIn,
  provisionedAppsFromYaml,
  registerPluginSettingsRoutes,
} from './pluginSettingsStandIn.ts';
export type {
  PluginSettingDto,
  PluginSettings,
  PluginSettingsStandIn,
  ProvisionedApp,
  UpdatePluginSettingsCommand,
} from './pluginSettingsStandIn.ts';
export { TEST_USER_COOKIE, TEST_USERS, testUserCookie, UnknownTestUserError, userFromRequest } from './testUsers.ts';
export type { OrgRole, TestUser, TestUserKey } from './testUsers.ts';

export interface GrafanaStandInsOptions {
  /** The app's plugin.json (src/ or dist/): its routes drive the proxy, its meta the settings API. */
  pluginJsonPath: string;
  /** The host's root URL (the ID token issuer), or a function giving it once the port is known. */
  rootUrl: string | (() => string);
  /** Settings as provisioned, by plugin id (see provisionedAppsFromYaml for the repo's provisioning file). */
  provisioned: Record<string, ProvisionedApp>;
  /** Who is signed in; defaults to the grafana_test_user cookie. */
  currentUser?: (request: FastifyRequest) => TestUser;
}

export interface GrafanaStandIns {
  identity: IdentityStandIn;
  settings: PluginSettingsStandIn;
  plugin: PluginJson;
}

/**
 * Registers GET /api/signing-keys/keys, GET /api/user, GET|POST /api/plugins/:pluginId/settings and
 * /api/plugin-proxy/:pluginId/* on the app. Synchronous: call it before `listen`.
 */
export function registerGrafanaStandIns(app: FastifyInstance, options: GrafanaStandInsOptions): GrafanaStandIns {
  const plugin = loadPluginJson(options.pluginJsonPath);
  const plugins = { [plugin.id]: plugin };
  const currentUser = options.currentUser ?? userFromRequest;
  const identity = createIdentityStandIn({ rootUrl: options.rootUrl });
  const settings = createPluginSettingsStandIn({ plugins, provisioned: options.provisioned });

  app.get('/api/signing-keys/keys', async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=3600');
    return identity.jwks();
  });
  app.get('/api/user', async (request) => userProfile(currentUser(request)));
  registerPluginSettingsRoutes(app, settings, currentUser);
  registerPluginProxy(app, { plugins, settings, identity, currentUser });
  return { identity, settings, plugin };
}

const CREATED = '2026-01-01T00:00:00Z';

/** GET /api/user: Grafana's UserProfileDTO for the signed-in user (no org role: that is in boot data). */
export function userProfile(user: TestUser) {
  return {
    id: user.id,
    uid: user.uid,
    email: user.email,
    name: user.name,
    login: user.login,
    theme: '',
    orgId: user.orgId,
    isGrafanaAdmin: user.isGrafanaAdmin,
    isDisabled: false,
    isExternal: false,
    isExternallySynced: false,
    isGrafanaAdminExternallySynced: false,
    authLabels: [],
    updatedAt: CREATED,
    createdAt: CREATED,
    avatarUrl: `/avatar/${createHash('md5').update(user.email.toLowerCase()).digest('hex')}`,
    isProvisioned: false,
  };
}
