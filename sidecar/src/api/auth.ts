// Bearer-token check for /api/*. Both sides are hashed before the constant-time compare so neither the
// content nor the length of the configured token leaks through response timing.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiError } from './contract.ts';

const digest = (value: string) => createHash('sha256').update(value).digest();

export function tokenMatches(presented: string, expected: string): boolean {
  return expected.length > 0 && timingSafeEqual(digest(presented), digest(expected));
}

/** The token of an `Authorization: Bearer <token>` header, or "" when absent or another scheme. */
export function bearerToken(header: string | undefined): string {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match ? match[1] : '';
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route authenticates its callers itself (the Alertmanager webhook, with its own token): the API's bearer
     * token and X-Grafana-Id checks do not apply to it.
     */
    ownAuth?: boolean;
  }
}

// The matched route template is authoritative; the raw path covers unknown /api/* routes (401 before 404,
// so unauthenticated callers can't probe which routes exist). Routes with their own authentication are not
// API requests in this sense.
export function isApiRequest(request: FastifyRequest): boolean {
  if (request.routeOptions.config?.ownAuth === true) {return false;}
  const route = request.routeOptions.url;
  if (route !== undefined && (route === '/api' || route.startsWith('/api/'))) {return true;}
  const path = safeDecode(request.url.split('?')[0]).toLowerCase();
  return path === '/api' || path.startsWith('/api/');
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

export function requireBearerToken(expected: string) {
  if (!expected) {throw new Error('buildApp: config.server.token is empty; refusing to serve /api without a token');}
  return async function checkBearerToken(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (!isApiRequest(request)) {return;}
    if (tokenMatches(bearerToken(request.headers.authorization), expected)) {return;}
    const body: ApiError = { error: 'Unauthorized', message: 'missing or invalid bearer token', statusCode: 401 };
    reply.header('www-authenticate', 'Bearer realm="prophet-aiops"');
    await reply.code(401).send(body);
  };
}
