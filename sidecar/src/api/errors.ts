// Every error leaves the sidecar as the contract's ApiError JSON; 5xx details go to the log, never to the client.
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { ApiError } from './contract.ts';

export function apiError(statusCode: number, message: string): ApiError {
  return { error: STATUS_CODES[statusCode] ?? 'Error', message, statusCode };
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      // Fastify names the field: "querystring/limit must be integer".
      return reply.code(400).send(apiError(400, error.message));
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.code(status).send(apiError(status, 'internal server error'));
    }
    return reply.code(status).send(apiError(status, error.message));
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    return reply.code(404).send(apiError(404, `no route ${request.method} ${path}`));
  });
}
