// Grafana serves its web fonts from public/fonts (core assets, not on npm). The host serves the same font
// families from the @fontsource packages under the file names @grafana/ui's GlobalStyles asks for.
import type { FastifyInstance } from 'fastify';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const fontFile = (pkg: string, file: string) => require.resolve(`@fontsource/${pkg}/files/${file}`);

const FONTS: Record<string, string> = {
  'inter/Inter-Regular.woff2': fontFile('inter', 'inter-latin-400-normal.woff2'),
  'inter/Inter-Medium.woff2': fontFile('inter', 'inter-latin-500-normal.woff2'),
  'inter/Inter-Italic.woff2': fontFile('inter', 'inter-latin-400-italic.woff2'),
  'inter/Inter-MediumItalic.woff2': fontFile('inter', 'inter-latin-500-italic.woff2'),
};
const ROBOTO_MONO = fontFile('roboto-mono', 'roboto-mono-latin-400-normal.woff2');

export function serveGrafanaFonts(app: FastifyInstance): void {
  app.get('/public/fonts/*', async (request, reply) => {
    const name = (request.params as { '*': string })['*'];
    const file = FONTS[name] ?? (name.startsWith('roboto/') ? ROBOTO_MONO : undefined);
    if (!file) {
      return reply.code(404).send({ message: `font ${name} not found` });
    }
    return reply.type('font/woff2').send(await readFile(file));
  });
}
