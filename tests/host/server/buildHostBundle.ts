// Bundles the host page (tests/host/browser) with esbuild: the real npm packages Grafana would provide to the
// plugin, plus the host's stand-ins. Output goes to tests/host/.build (git-ignored).
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
// setPluginPage is not exported by @grafana/runtime's entry point (Grafana core calls it at boot).
const runtimeEsm = join(dirname(require.resolve('@grafana/runtime')), '../esm');

export const HOST_BUILD_DIR = fileURLToPath(new URL('../.build/', import.meta.url));

export async function buildHostBundle(): Promise<void> {
  await build({
    entryPoints: { host: fileURLToPath(new URL('../browser/main.tsx', import.meta.url)) },
    outdir: HOST_BUILD_DIR,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    jsx: 'transform',
    sourcemap: true,
    logLevel: 'warning',
    // Some dependencies still read these Node globals; Grafana's own build defines them the same way.
    define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
    alias: { 'grafana-runtime-internal/plugin-page': join(runtimeEsm, 'components/PluginPage.mjs') },
    loader: { '.svg': 'dataurl', '.png': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl' },
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildHostBundle();
  console.log(`host bundle written to ${HOST_BUILD_DIR}`);
}
