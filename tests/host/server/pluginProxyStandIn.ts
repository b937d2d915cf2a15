// Stand-in for Grafana's app plugin proxy (pkg/api/plugin_proxy.go, pkg/api/pluginproxy/pluginproxy.go, utils.go,
// pkg/util/proxyutil), for /api/plugin-proxy/:pluginId/*:
// - proxy path: the request's escaped path after the prefix, cleaned like Go's path.Join (no trailing slash, "..").
// - routes of plugin.json in order; the first whose method matches (absent or "*" = any) and whose path matches
//   (macaron tree: static segments, ":name" one segment, a final "*" one or more segments) is the route. Its access
//   check decides: denied is a 403 and later routes are not tried. No match: 404.
// - access: reqAction (RBAC; here from the plugin's own `roles` grants) or, if reqRole is a valid role, the
//   user's org role must include it (Admin ⊃ Editor ⊃ Viewer ⊃ None). A reqRole that is not a valid role allows all.
// - upstream URL: the route url rendered with the settings ({{ .JsonData.x }}, {{ .SecureJsonData.x }}); its path
//   joined with the "*" remainder (URL-decoded) and the browser's query string unchanged.
// - headers: cookies, Origin, Referer, X-Forwarded-Host/Port/Proto and X-Grafana-User dropped; X-Grafana-Referer
//   and X-Forwarded-For set; X-Grafana-Id set to the user's signed ID token; then the route's headers (rendered) set.
//   The browser's Authorization is dropped too (Grafana only replaces it when a route sets one, as ours does).
// - response: streamed back with its status and headers, minus Set-Cookie, plus Content-Security-Policy: sandbox.
//   An unreachable upstream is a 502 with an empty body, as Grafana's reverse proxy answers.
import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { posix } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IdentityStandIn } from './identityStandIn.ts';
import type { PluginJson, PluginRoute } from './pluginJson.ts';
import type { PluginSettingsStandIn } from './pluginSettingsStandIn.ts';
import { userFromRequest, type TestUser } from './testUsers.ts';

const PREFIX = /^\/api\/plugin-proxy\/([\w-]+)\/?/;

export interface ProxyTarget {
  pluginId: string;
  /** Cleaned, still percent-encoded, with a leading slash: "/api/forecasts". */
  proxyPath: string;
  /** The raw query string without "?", or "". */
  query: string;
}

/** Splits a request URL under /api/plugin-proxy/ as Grafana's getProxyPath does; undefined for other URLs. */
export function proxyTargetOf(rawUrl: string): ProxyTarget | undefined {
  const q = rawUrl.indexOf('?');
  const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
  const match = PREFIX.exec(path);
  if (!match) {
    return undefined;
  }
  let proxyPath = posix.normalize(`/${path.slice(match[0].length)}`);
  if (proxyPath.length > 1 && proxyPath.endsWith('/')) {
    proxyPath = proxyPath.slice(0, -1);
  }
  return { pluginId: match[1], proxyPath, query: q === -1 ? '' : rawUrl.slice(q + 1) };
}

export interface RouteMatch {
  route: PluginRoute;
  /** What the route's "*" matched, URL-decoded; "" for a route without "*". */
  remainder: string;
}

/** The first route matching method and path, as Grafana's HandleRequest loop finds it. */
export function matchRoute(routes: readonly PluginRoute[], method: string, proxyPath: string): RouteMatch | undefined {
  const segments = splitPath(proxyPath);
  for (const route of routes) {
    if (route.method && route.method !== '*' && route.method !== method) {
      continue;
    }
    const remainder = matchPath(splitPath(route.path ?? ''), segments);
    if (remainder !== undefined) {
      return { route, remainder };
    }
  }
  return undefined;
}

const splitPath = (path: string) => {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? [] : trimmed.split('/');
};

function matchPath(pattern: string[], segments: string[]): string | undefined {
  for (let i = 0; i < pattern.length; i += 1) {
    if (pattern[i] === '*' && i === pattern.length - 1) {
      return segments.length > i ? unescape(segments.slice(i).join('/')) : undefined;
    }
    if (i >= segments.length) {
      return undefined;
    }
    const segment = unescape(segments[i]);
    if (segment === undefined) {
      return undefined;
    }
    if (pattern[i].startsWith(':')) {
      if (segment === '') {
        return undefined;
      }
      continue;
    }
    if (pattern[i] !== segment) {
      return undefined;
    }
  }
  return segments.length === pattern.length ? '' : undefined;
}

function unescape(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

const BASIC_ROLES = ['None', 'Viewer', 'Editor', 'Admin'] as const;
type BasicRole = (typeof BASIC_ROLES)[number];

/** Grafana's RoleType.Includes: whether a user with `role` has at least `required`. */
export function roleIncludes(role: BasicRole, required: BasicRole): boolean {
  return BASIC_ROLES.indexOf(role) >= BASIC_ROLES.indexOf(required);
}

/** Grafana's hasAccessToRoute. */
export function hasAccessToRoute(route: PluginRoute, user: TestUser, plugin: PluginJson): boolean {
  if (route.reqAction) {
    return userHasAction(user, plugin, route.reqAction);
  }
  if (route.reqRole && (BASIC_ROLES as readonly string[]).includes(route.reqRole)) {
    return roleIncludes(user.orgRole, route.reqRole as BasicRole);
  }
  return true;
}

// RBAC approximated from what the plugin declares: an action is granted when one of the plugin's `roles` holds it
// and is granted to the user's basic role or a lower one (or "Grafana Admin" for server admins). Scopes are ignored.
function userHasAction(user: TestUser, plugin: PluginJson, action: string): boolean {
  if (action === 'plugins.app:access') {
    return true;
  }
  const granted = new Set<string>(BASIC_ROLES.filter((role) => roleIncludes(user.orgRole, role)));
  if (user.isGrafanaAdmin) {
    granted.add('Grafana Admin');
  }
  return (plugin.roles ?? []).some(
    (registration) =>
      registration.grants.some((grant) => granted.has(grant)) &&
      registration.role.permissions.some((permission) => permission.action === action)
  );
}

export interface TemplateData {
  JsonData: Record<string, unknown>;
  SecureJsonData: Record<string, string>;
}

const ACTION = /\{\{-?\s*(.*?)\s*-?\}\}/g;
const FIELD = /^(?:orEmpty\s+)?\.(JsonData|SecureJsonData)\.([A-Za-z_][A-Za-z0-9_]*)$/;

/**
 * Renders the Go templates Grafana allows in route url, headers and body: {{ .JsonData.x }} and
 * {{ .SecureJsonData.x }} (optionally with orEmpty). As with Go's text/template over these maps, a missing
 * JsonData key renders "<no value>" and a missing SecureJsonData key renders "". Other actions throw.
 */
export function renderTemplate(text: string, data: TemplateData): string {
  return text.replace(ACTION, (_whole, action: string) => {
    const field = FIELD.exec(action);
    if (!field) {
      throw new Error(`unsupported template action {{ ${action} }}`);
    }
    const [, map, key] = field;
    const orEmpty = action.startsWith('orEmpty');
    if (map === 'SecureJsonData') {
      return data.SecureJsonData[key] ?? '';
    }
    const value = Object.hasOwn(data.JsonData, key) ? data.JsonData[key] : undefined;
    if (value === undefined || value === null) {
      return orEmpty ? '' : '<no value>';
    }
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
}

/** Grafana's util.JoinURLFragments. */
export function joinUrlFragments(a: string, b: string): string {
  if (b.length === 0) {
    return a;
  }
  const aSlash = a.endsWith('/');
  const bSlash = b.startsWith('/');
  if (aSlash && bSlash) {
    return a + b.slice(1);
  }
  if (!aSlash && !bSlash) {
    return `${a}/${b}`;
  }
  return a + b;
}

// Go escapes a URL path keeping unreserved characters and $&+,/:;=@.
const encodePath = (path: string) =>
  path
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%(24|26|2B|2C|3A|3B|3D|40)/gi, (m) => decodeURIComponent(m)))
    .join('/');

const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'trailers',
  'transfer-encoding',
  'upgrade',
];

function withoutHopByHop(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const named = String(headers.connection ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.includes(name) || named.includes(name)) {
      continue;
    }
    out[name] = value;
  }
  return out;
}

const jsonError = (reply: FastifyReply, status: number, message: string) =>
  reply.code(status).type('application/json; charset=UTF-8').send({ message });

export interface PluginProxyOptions {
  /** Installed plugins by id; their `routes` are what the proxy serves. */
  plugins: Record<string, PluginJson>;
  settings: PluginSettingsStandIn;
  identity: IdentityStandIn;
  currentUser?: (request: FastifyRequest) => TestUser;
}

/** Registers /api/plugin-proxy/:pluginId/* in an encapsulated context that leaves request bodies unread. */
export function registerPluginProxy(app: FastifyInstance, options: PluginProxyOptions): void {
  const currentUser = options.currentUser ?? userFromRequest;
  app.register(async (proxy) => {
    // Bodies are streamed to the upstream as they arrive, never parsed.
    proxy.removeAllContentTypeParsers();
    proxy.addContentTypeParser('*', (_request, _payload, done) => done(null));
    const handler = async (request: FastifyRequest, reply: FastifyReply) =>
      handleProxyRequest(request, reply, options, currentUser(request));
    proxy.all('/api/plugin-proxy/:pluginId', handler);
    proxy.all('/api/plugin-proxy/:pluginId/*', handler);
  });
}

async function handleProxyRequest(
  request: FastifyRequest,
  reply: FastifyReply,
  options: PluginProxyOptions,
  user: TestUser
): Promise<void> {
  const target = proxyTargetOf(request.raw.url ?? request.url);
  const plugin = target && options.plugins[target.pluginId];
  if (!target || !plugin) {
    return jsonError(reply, 404, 'Plugin not found, no installed plugin with that id');
  }

  const match = matchRoute(plugin.routes ?? [], request.method, target.proxyPath);
  if (!match) {
    return jsonError(reply, 404, 'plugin route match not found');
  }
  if (!hasAccessToRoute(match.route, user, plugin)) {
    return jsonError(reply, 403, 'plugin proxy route access denied');
  }

  const settings = options.settings.get(plugin.id);
  if (!settings) {
    return jsonError(reply, 500, 'Failed to fetch plugin settings');
  }
  const data: TemplateData = { JsonData: settings.jsonData ?? {}, SecureJsonData: settings.secureJsonData };

  let upstream: URL;
  try {
    upstream = new URL(renderTemplate(match.route.url ?? '', data));
  } catch (error) {
    if (error instanceof TypeError) {
      // Go parses almost anything and the transport then fails: Grafana answers 502.
      request.log.warn({ route: match.route.path }, 'plugin route url is not an absolute URL');
      return reply.code(502).send('');
    }
    return jsonError(reply, 500, 'Could not interpolate plugin route url');
  }
  if (upstream.protocol !== 'http:' && upstream.protocol !== 'https:') {
    return reply.code(502).send('');
  }
  const path = encodePath(joinUrlFragments(decodeURIComponent(upstream.pathname), match.remainder));

  const headers: OutgoingHttpHeaders = withoutHopByHop(request.headers);
  for (const name of [
    'host',
    'cookie',
    'set-cookie',
    'authorization',
    'origin',
    'referer',
    'x-forwarded-host',
    'x-forwarded-port',
    'x-forwarded-proto',
    'x-grafana-user',
    'x-grafana-id',
  ]) {
    delete headers[name];
  }
  if (request.headers.referer) {
    headers['x-grafana-referer'] = request.headers.referer;
  }
  const forwardedFor = request.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = forwardedFor ? `${forwardedFor}, ${request.ip}` : request.ip;
  headers['x-grafana-id'] = await options.identity.signIdToken(user);

  let body: string | undefined;
  try {
    for (const header of match.route.headers ?? []) {
      headers[header.name.toLowerCase()] = renderTemplate(header.content, data);
    }
    if (match.route.body !== undefined && match.route.body !== null) {
      body = renderTemplate(JSON.stringify(match.route.body), data);
      headers['content-length'] = String(Buffer.byteLength(body));
      delete headers['transfer-encoding'];
    }
  } catch {
    return jsonError(reply, 500, 'Failed to render plugin headers');
  }

  const send = upstream.protocol === 'https:' ? httpsRequest : httpRequest;
  reply.hijack();
  const out = send(
    {
      protocol: upstream.protocol,
      hostname: upstream.hostname,
      port: upstream.port,
      method: request.method,
      path: target.query ? `${path}?${target.query}` : path,
      headers,
    },
    (res) => {
      const responseHeaders = withoutHopByHop(res.headers);
      delete responseHeaders['set-cookie'];
      responseHeaders['content-security-policy'] = 'sandbox';
      reply.raw.writeHead(res.statusCode ?? 502, responseHeaders);
      res.pipe(reply.raw);
      res.on('error', () => reply.raw.destroy());
    }
  );
  out.on('error', (error) => {
    request.log.warn({ err: error, upstream: upstream.origin }, 'Proxy request failed');
    if (!reply.raw.headersSent) {
      reply.raw.writeHead(502).end();
    } else {
      reply.raw.destroy();
    }
  });
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) {
      out.destroy();
    }
  });
  if (body !== undefined) {
    out.end(body);
    request.raw.resume();
  } else {
    request.raw.pipe(out);
  }
}
