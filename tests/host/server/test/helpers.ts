// Shared by the stand-in tests: a host app with the stand-ins on a free port, an upstream that echoes what it
// received, and a plugin.json with more routes than ours to exercise matching and access.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerGrafanaStandIns, type GrafanaStandIns, type ProvisionedApp } from '../index.ts';
import { testUserCookie, type TestUserKey } from '../testUsers.ts';

export const PLUGIN_ID = 'prophet-aiops-app';
export const SECRET = 'sidecar-secret-0123456789';

export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A stand-in for the sidecar that answers every request with what it received (and a cookie to strip). */
export interface EchoUpstream {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

export async function echoUpstream(): Promise<EchoUpstream> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      received.push(entry);
      res.writeHead(entry.url.includes('teapot') ? 418 : 200, {
        'content-type': 'application/json',
        'set-cookie': 'upstream_session=1',
        'x-upstream': 'yes',
      });
      res.end(JSON.stringify({ method: entry.method, url: entry.url }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A plugin.json whose routes cover ordering, methods, reqRole and a route without "*". */
export function testPluginJson(dir: string): string {
  const path = join(dir, 'plugin.json');
  const auth = [{ name: 'Authorization', content: 'Bearer {{ .SecureJsonData.sidecarToken }}' }];
  writeFileSync(
    path,
    JSON.stringify({
      type: 'app',
      name: 'Prophet AIOps',
      id: PLUGIN_ID,
      info: { version: '%VERSION%', logos: { small: 'img/logo.svg', large: 'img/logo.svg' }, author: { name: 'x' } },
      includes: [{ type: 'page', name: 'Overview', path: '/a/%PLUGIN_ID%/overview', addToNav: true, defaultNav: true }],
      routes: [
        {
          path: 'api/approvals/*',
          method: 'POST',
          url: '{{ .JsonData.sidecarUrl }}/api/approvals',
          reqRole: 'Editor',
          headers: auth,
        },
        { path: 'api/admin/*', url: '{{ .JsonData.sidecarUrl }}/api/admin', reqRole: 'Admin', headers: auth },
        { path: 'health', url: '{{ .JsonData.sidecarUrl }}/healthz', reqRole: 'Viewer' },
        {
          path: 'api/*',
          url: '{{ .JsonData.sidecarUrl }}/api',
          headers: [...auth, { name: 'X-Prometheus-Uid', content: '{{ .JsonData.prometheusDatasourceUid }}' }],
          reqRole: 'Viewer',
        },
      ],
    })
  );
  return path;
}

export interface TestHost {
  url: string;
  app: FastifyInstance;
  standIns: GrafanaStandIns;
  /** fetch against the host as a test user. */
  as(user: TestUserKey, path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export async function startTestHost(options: {
  pluginJsonPath?: string;
  provisioned: (pluginId: string) => Record<string, ProvisionedApp>;
}): Promise<TestHost> {
  const dir = mkdtempSync(join(tmpdir(), 'grafana-stand-ins-'));
  const app = Fastify();
  let url = '';
  const standIns = registerGrafanaStandIns(app, {
    pluginJsonPath: options.pluginJsonPath ?? testPluginJson(dir),
    rootUrl: () => url,
    provisioned: options.provisioned(PLUGIN_ID),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    url,
    app,
    standIns,
    as: (user, path, init = {}) =>
      fetch(`${url}${path}`, { ...init, headers: { cookie: testUserCookie(user), ...init.headers } }),
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A response's JSON body, loosely typed for assertions. */
export const json = async (res: Response): Promise<any> => res.json();
