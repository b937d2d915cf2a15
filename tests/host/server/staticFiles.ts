// Serves a directory read-only (the plugin's dist/ at Grafana's public/plugins/<id>/ path, the host bundle),
// refusing paths that escape it.
import type { FastifyInstance } from 'fastify';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export function serveDirectory(app: FastifyInstance, prefix: string, directory: string): void {
  const root = normalize(directory.endsWith(sep) ? directory : directory + sep);
  app.get(`${prefix}/*`, async (request, reply) => {
    const relative = decodeURIComponent((request.params as { '*': string })['*']);
    const file = normalize(join(root, relative));
    if (!file.startsWith(root)) {
      return reply.code(400).send({ message: 'path escapes the served directory' });
    }
    try {
      const body = await readFile(file);
      return reply.type(CONTENT_TYPES[extname(file)] ?? 'application/octet-stream').send(body);
    } catch {
      return reply.code(404).send({ message: `${prefix}/${relative} not found` });
    }
  });
}
