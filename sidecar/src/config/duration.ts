// Prometheus-style durations ("30s", "5m", "1h30m", "7d", "1w"): the notation operators already use in PromQL,
// so config values can be copied to and from queries and recording rules without translation.

const UNIT_MS = {
  y: 365 * 86_400_000,
  w: 7 * 86_400_000,
  d: 86_400_000,
  h: 3_600_000,
  m: 60_000,
  s: 1_000,
  ms: 1,
} as const;

// Units must appear at most once, largest first, exactly like Prometheus' model.ParseDuration.
const DURATION_RE = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const UNITS_IN_ORDER = ['y', 'w', 'd', 'h', 'm', 's', 'ms'] as const;

/** True for a non-empty, positive Prometheus duration. */
export function isDuration(text: string): boolean {
  return tryParseDuration(text) !== undefined;
}

/** Milliseconds in a positive Prometheus duration; throws RangeError for anything else ("5 minutes", "0s", "-1m"). */
export function parseDuration(text: string): number {
  const ms = tryParseDuration(text);
  if (ms === undefined) {throw new RangeError(`expected a duration like "5m", got ${JSON.stringify(text)}`);}
  return ms;
}

function tryParseDuration(text: string): number | undefined {
  if (typeof text !== 'string' || text === '') {return undefined;}
  const match = DURATION_RE.exec(text);
  if (!match) {return undefined;}
  let total = 0;
  UNITS_IN_ORDER.forEach((unit, i) => {
    const amount = match[i + 1];
    if (amount !== undefined) {total += Number(amount) * UNIT_MS[unit];}
  });
  return total > 0 && Number.isSafeInteger(total) ? total : undefined;
}

/** The shortest Prometheus duration for a millisecond count, for messages and status output. */
export function formatDuration(ms: number): string {
  let rest = ms;
  let out = '';
  for (const unit of UNITS_IN_ORDER) {
    const size = UNIT_MS[unit];
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out || '0s';
}
