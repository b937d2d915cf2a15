// Starts the plugin test host: `node tests/host/server/main.ts [--port 3300] [--sidecar-url <url>]
// [--sidecar-token <token>] [--skip-build]`. Needs `npm run build` (dist/) first; builds the host bundle.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildHostBundle, HOST_BUILD_DIR } from './buildHostBundle.ts';
import { startHostServer } from './hostServer.ts';

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: process.env.HOST_ADDRESS ?? '127.0.0.1' },
    port: { type: 'string', default: process.env.HOST_PORT ?? '3300' },
    'sidecar-url': { type: 'string', default: process.env.SIDECAR_URL ?? 'http://127.0.0.1:18787' },
    'sidecar-token': { type: 'string', default: process.env.SIDECAR_TOKEN ?? 'host-test-token' },
    'skip-build': { type: 'boolean', default: false },
  },
});

if (!existsSync(new URL('../../../dist/module.js', import.meta.url))) {
  console.error('dist/module.js is missing: run `npm run build` first (the host loads the production bundle).');
  process.exit(1);
}
if (!values['skip-build'] || !existsSync(join(HOST_BUILD_DIR, 'host.js'))) {
  await buildHostBundle();
}
const host = await startHostServer({
  host: values.host,
  port: Number(values.port),
  sidecarUrl: values['sidecar-url'],
  sidecarToken: values['sidecar-token'],
});
console.log(`Plugin test host at ${host.url}/a/prophet-aiops-app (sidecar ${values['sidecar-url']})`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void host.close().then(() => process.exit(0)));
}
