// Test double: a Logger that records every line, so tests can assert what was warned about.
import type { Logger } from '../../src/forecasts/logger.ts';

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  details: Record<string, unknown>;
  message: string;
}

export function recordingLogger(): Logger & { lines: LogLine[]; at(level: LogLine['level']): LogLine[] } {
  const lines: LogLine[] = [];
  const log = (level: LogLine['level']) => (details: object, message?: string) =>
    lines.push({ level, details: details as Record<string, unknown>, message: message ?? '' });
  return {
    lines,
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    at: (level) => lines.filter((line) => line.level === level),
  };
}
