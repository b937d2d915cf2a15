// Grafana serves icons from public/build/img/icons. @grafana/ui ships most of them in its package; for the few
// only Grafana core has (e.g. unicons/spinner.svg) the host answers with a blank stand-in SVG, so a missing
// core asset does not show up as a plugin error.
import type { FastifyInstance } from 'fastify';
import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';

const BLANK_ICON_STAND_IN = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"></svg>';

export function serveGrafanaIcons(app: FastifyInstance, packagedIconsDir: string): void {
  app.get('/public/build/img/icons/*', async (request, reply) => {
    const name = normalize((request.params as { '*': string })['*']);
    if (name.startsWith('..') || !name.endsWith('.svg')) {
      return reply.code(404).send({ message: `icon ${name} not found` });
    }
    reply.type('image/svg+xml');
    try {
      return await readFile(join(packagedIconsDir, name));
    } catch {
      return reply.header('x-test-host-stand-in', 'icon').send(BLANK_ICON_STAND_IN);
    }
  });
}
