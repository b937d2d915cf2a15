import { formatCrossing, formatDuration } from './formatCrossing';

const now = Date.UTC(2026, 10, 1, 12, 0);
const min = 60_000;

describe('formatCrossing', () => {
  it('shows the central crossing as relative time with the band as a range', () => {
    expect(formatCrossing({ at: now + 130 * min, earliest: now + 110 * min, latest: now + 160 * min }, now)).toEqual({
      text: 'in 2h 10m',
      range: 'earliest in 1h 50m, latest in 2h 40m',
    });
  });

  it('says when the optimistic side never crosses', () => {
    expect(formatCrossing({ at: null, earliest: now + 3 * 1440 * min, latest: null }, now)).toEqual({
      text: 'No crossing within horizon',
      range: 'earliest in 3d, latest beyond the horizon',
    });
  });

  it('handles no crossing at all and crossings in the past', () => {
    expect(formatCrossing(null, now)).toEqual({ text: 'No crossing within horizon', range: '' });
    expect(formatCrossing({ at: now - 5 * min, earliest: null, latest: null }, now).text).toBe('5m ago');
  });

  it('formats durations compactly', () => {
    expect(formatDuration(30_000)).toBe('<1m');
    expect(formatDuration(60 * min)).toBe('1h');
    expect(formatDuration(26 * 60 * min)).toBe('1d 2h');
  });
});
