import { bandPosition, formatAnomalyEvent, formatClock, formatInterval, formatLimit, kindLabel } from './formatAnomaly';

// Jest runs with TZ=UTC (jest.config.js), so wall-clock times are UTC here.
const now = Date.UTC(2026, 10, 1, 13, 0);
const min = 60_000;

describe('formatAnomalyEvent', () => {
  it('says kind, direction, size against the band and since when for an ongoing event', () => {
    const e = { kind: 'spike', direction: 'up', size: 3.24, start: now - 20 * min, end: now, ongoing: true } as const;
    expect(formatAnomalyEvent(e, now)).toBe('spike up, 3.2× band, since 12:40');
  });

  it('gives the span of an event that ended, with readable kind names', () => {
    const e = {
      kind: 'level_shift',
      direction: 'down',
      size: 1.5,
      start: now - 230 * min,
      end: now - 200 * min,
      ongoing: false,
    } as const;
    expect(formatAnomalyEvent(e, now)).toBe('level shift down, 1.5× band, 09:10–09:40');
  });

  it('adds the date to times more than a day old, on both ends of a span', () => {
    expect(formatClock(now - 26 * 60 * min, now)).toBe('Oct 31, 11:00');
    expect(formatInterval({ start: now - 26 * 60 * min, end: now }, now)).toBe('Oct 31, 11:00 – Nov 1, 13:00');
  });
});

describe('anomaly helpers', () => {
  it('names kinds, the band position and a drift limit', () => {
    expect(kindLabel('variance_change')).toBe('variance change');
    expect(kindLabel('something_new')).toBe('something new');
    expect([1, -1, 0].map(bandPosition)).toEqual(['above band', 'below band', 'inside band']);
    expect(formatLimit(now + 130 * min, now)).toBe('reaches its limit in 2h 10m');
    expect(formatLimit(null, now)).toBe('');
    expect(formatInterval({ start: now - 50 * min, end: now - 10 * min }, now)).toBe('12:10–12:50');
  });
});
