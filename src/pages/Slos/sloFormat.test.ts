import type { SloRow } from '../../datasource/sloFrames';
import {
  budgetTone,
  burnTone,
  describeExhaustion,
  formatBudget,
  formatBurn,
  formatFactor,
  formatObjective,
  formatSli,
  lastsFor,
  windowMs,
} from './sloFormat';

// Jest runs with TZ=UTC (jest.config.js), so wall-clock times are UTC here.
const now = Date.UTC(2026, 10, 1, 12, 0);
const HOUR = 3600_000;
const DAY = 24 * HOUR;

type Fields = Parameters<typeof describeExhaustion>[0];
const forecast = (over: Partial<Fields>): Fields => ({
  outcome: 'exhausts',
  exhaustedAt: null,
  earliest: null,
  latest: null,
  endAt: now + 30 * DAY,
  updatedAt: now,
  ...over,
});

describe('describeExhaustion', () => {
  it('gives a coming exhaustion relative, with its range and the wall-clock time for a hover', () => {
    const e = forecast({ exhaustedAt: now + 52 * HOUR, earliest: now + 44 * HOUR, latest: now + 72 * HOUR });
    expect(describeExhaustion(e, now)).toEqual({
      text: 'in 2d 4h',
      detail: 'earliest in 1d 20h, latest in 3d',
      at: '2026-11-03 16:00',
      tone: 'exhausts',
    });
    const open = describeExhaustion({ ...e, latest: null }, now);
    expect(open.detail).toBe('earliest in 1d 20h, latest beyond the horizon');
  });

  it.each<[SloRow['outcome'], Partial<Fields>, string, string, string]>([
    ['already-exhausted', { exhaustedAt: now - 3 * HOUR }, 'exhausted 3h ago', 'the budget is spent', 'exhausted'],
    ['not-exhausted-before-reset', { endAt: now + 12 * DAY }, 'not before the period resets', 'resets in 12d', 'safe'],
    ['not-exhausted-within-horizon', {}, 'not within 30d', 'forecast to 2026-12-01 12:00', 'safe'],
    ['no-traffic', {}, 'no traffic', 'no requests in the window to forecast', 'unknown'],
    ['insufficient-history', {}, 'not enough history', 'too few samples to forecast yet', 'unknown'],
    [null, {}, 'not computed yet', '', 'unknown'],
  ])('words the %s outcome', (outcome, over, text, detail, tone) => {
    expect(describeExhaustion(forecast({ outcome, ...over }), now)).toMatchObject({ text, detail, tone });
  });
});

describe('SLO figures', () => {
  it('formats objective, SLI, budget and burn rates', () => {
    expect([0.998, 0.9995, 0.99].map(formatObjective)).toEqual(['99.8%', '99.95%', '99%']);
    expect([0.99899, null].map(formatSli)).toEqual(['99.899%', '—']);
    expect([0.31, -0.12, null].map(formatBudget)).toEqual(['31.0%', '-12.0%', '—']);
    expect([0.5, 15.23, null].map(formatBurn)).toEqual(['0.50×', '15.2×', '—']);
    expect([14.4, 6, 1].map(formatFactor)).toEqual(['14.4×', '6×', '1×']);
  });

  it('reads window lengths, a calendar month as 30 days, and refuses what is not a duration', () => {
    expect(['5m', '1h30m', '30d', '4w', 'calendar-month'].map(windowMs)).toEqual([
      5 * 60_000,
      90 * 60_000,
      30 * DAY,
      28 * DAY,
      30 * DAY,
    ]);
    expect(['', '30', 'd30', '5m later'].map(windowMs)).toEqual([null, null, null, null]);
  });

  it('colours a burn rate by the alerts that read its window', () => {
    expect(burnTone(15, 14.4, null)).toBe('page');
    expect(burnTone(3.1, 6, 1)).toBe('ticket');
    expect(burnTone(2.1, 14.4, null)).toBe('over');
    expect(burnTone(0.8, 6, 1)).toBe('ok');
    expect(burnTone(null, 6, 1)).toBe('unknown');
  });

  it('colours the budget and says how long it lasts at a burn rate', () => {
    expect([-0.1, 0, 0.1, 0.3, 0.9, null].map(budgetTone)).toEqual([
      'exhausted',
      'exhausted',
      'low',
      'half',
      'healthy',
      'unknown',
    ]);
    // Half the budget left at twice the sustainable rate lasts a quarter of the window.
    expect(lastsFor(0.5, 2, 30 * DAY)).toBe(7.5 * DAY);
    expect(lastsFor(-0.2, 2, 30 * DAY)).toBe(0);
    expect(lastsFor(0.5, 0, 30 * DAY)).toBeNull();
  });
});
