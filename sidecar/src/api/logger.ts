// The sidecar's structured JSON logger. Redaction is configured here, once, so no code path (a request
// logged at debug level, a config dump) can write a bearer token to the logs.
import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/config-types.ts';

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  // Grafana's identity token replays for minutes: as secret as a bearer token.
  'req.headers["x-grafana-id"]',
  'headers["x-grafana-id"]',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'token',
  '*.token',
  'config.server.token',
  'config.prometheus.headers',
  'prometheus.headers',
];

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { service: 'prophet-sidecar' },
  };
  return destination ? pino(options, destination) : pino(options);
}
