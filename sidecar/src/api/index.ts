// Public entry of the HTTP layer.
export { buildApp, type AppDeps } from './app.ts';
export { closeGracefully, type CloseGracefullyOptions } from './shutdown.ts';
export { createLogger, REDACTED_PATHS } from './logger.ts';
export { readiness } from './ops-routes.ts';
