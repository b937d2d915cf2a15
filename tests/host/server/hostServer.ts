// The test host: serves the host page and bundle, the plugin's production dist/ where Grafana serves plugins,
// and Grafana's HTTP API stand-ins (plugin settings, plugin proxy, identity keys). Not shipped.
import Fastify from 'fastify';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { grafanaBootData, hostPage } from './bootData.ts';
import { HOST_BUILD_DIR } from './buildHostBundle.ts';
import { registerGrafanaStandIns } from './index.ts';
import { serveGrafanaFonts } from './fonts.ts';
import { serveGrafanaIcons } from './icons.ts';
import { serveDirectory } from './staticFiles.ts';
import { userFromRequest } from './testUsers.ts';

const repoFile = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

export interface HostServerOptions {
  host: string;
  port: number;
  sidecarUrl: string;
  sidecarToken: string;
  prometheusDatasourceUid?: string;
}

export interface RunningHost {
  url: string;
  close(): Promise<void>;
}

export async function startHostServer(options: HostServerOptions): Promise<RunningHost> {
  const pluginJson = JSON.parse(readFileSync(repoFile('dist/plugin.json'), 'utf8')) as { id: string };
  const grafanaVersion: string = JSON.parse(
    readFileSync(repoFile('node_modules/@grafana/data/package.json'), 'utf8')
  ).version;
  const rootUrl = `http://${options.host}:${options.port}`;
  const app = Fastify({ logger: { level: process.env.HOST_LOG_LEVEL ?? 'warn' } });

  registerGrafanaStandIns(app, {
    pluginJsonPath: repoFile('src/plugin.json'),
    rootUrl,
    provisioned: {
      [pluginJson.id]: {
        jsonData: {
          sidecarUrl: options.sidecarUrl,
          prometheusDatasourceUid: options.prometheusDatasourceUid ?? 'prometheus',
        },
        secureJsonData: { sidecarToken: options.sidecarToken },
      },
    },
  });
  serveDirectory(app, `/public/plugins/${pluginJson.id}`, repoFile('dist'));
  serveDirectory(app, '/host', HOST_BUILD_DIR);
  serveGrafanaFonts(app);
  serveGrafanaIcons(app, repoFile('node_modules/@grafana/ui/dist/public/img/icons'));
  app.get('/api/health', async () => ({ database: 'ok', version: grafanaVersion, commit: 'test-host' }));
  // Every other path is a UI route: the same page, the router in the browser decides.
  app.setNotFoundHandler((request, reply) => {
    if (request.method !== 'GET' || request.url.startsWith('/api/') || request.url.startsWith('/public/')) {
      return reply.code(404).send({ message: 'Not found' });
    }
    const page = hostPage(grafanaBootData(userFromRequest(request), rootUrl, grafanaVersion));
    return reply.type('text/html; charset=utf-8').send(page);
  });

  await app.listen({ host: options.host, port: options.port });
  return { url: rootUrl, close: () => app.close() };
}
