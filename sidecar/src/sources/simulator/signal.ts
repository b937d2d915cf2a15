// Rates and levels built from components whose integrals have closed forms, so a counter (the integral of its rate)
// is a pure function of time: true running totals at any sampling, no state, O(components) per sample.
import { uniform } from './random.ts';

export type Component =
  | { kind: 'const'; level: number }
  /** amp * sin(2π (t - phaseS) / periodS) */
  | { kind: 'sin'; amp: number; periodS: number; phaseS: number }
  /** slope * max(0, t - atS): building block of trapezoids */
  | { kind: 'ramp'; slope: number; atS: number }
  /** Zero-mean wiggle: per block of blockS, amp * u * sin over the block; each block integrates to 0. */
  | { kind: 'wiggle'; amp: number; blockS: number; key: number };

export type Signal = Component[];

const TAU = 2 * Math.PI;

/** Value at tS (epoch seconds). */
export function valueAt(signal: Signal, tS: number): number {
  let v = 0;
  for (const c of signal) {
    switch (c.kind) {
      case 'const': v += c.level; break;
      case 'sin': v += c.amp * Math.sin((TAU * (tS - c.phaseS)) / c.periodS); break;
      case 'ramp': if (tS > c.atS) {v += c.slope * (tS - c.atS);} break;
      case 'wiggle': {
        const block = Math.floor(tS / c.blockS);
        const u = uniform(c.key, block) * 2 - 1;
        v += c.amp * u * Math.sin((TAU * (tS - block * c.blockS)) / c.blockS);
        break;
      }
    }
  }
  return v;
}

/** Antiderivative at tS (an arbitrary constant: only differences are meaningful). */
export function integralAt(signal: Signal, tS: number): number {
  let v = 0;
  for (const c of signal) {
    switch (c.kind) {
      case 'const': v += c.level * tS; break;
      case 'sin': v -= ((c.amp * c.periodS) / TAU) * Math.cos((TAU * (tS - c.phaseS)) / c.periodS); break;
      case 'ramp': if (tS > c.atS) {v += (c.slope * (tS - c.atS) ** 2) / 2;} break;
      case 'wiggle': {
        const block = Math.floor(tS / c.blockS);
        const u = uniform(c.key, block) * 2 - 1;
        v += ((c.amp * u * c.blockS) / TAU) * (1 - Math.cos((TAU * (tS - block * c.blockS)) / c.blockS));
        break;
      }
    }
  }
  return v;
}

/** Integral of the signal over [fromS, toS]. */
export function integrate(signal: Signal, fromS: number, toS: number): number {
  return toS <= fromS ? 0 : integralAt(signal, toS) - integralAt(signal, fromS);
}

/** A trapezoid pulse: 0 before startS, linear rise over rampUpS, flat height until endS, linear fall over rampDownS. */
export function trapezoid(height: number, startS: number, rampUpS: number, endS: number, rampDownS: number): Component[] {
  return [
    { kind: 'ramp', slope: height / rampUpS, atS: startS },
    { kind: 'ramp', slope: -height / rampUpS, atS: startS + rampUpS },
    { kind: 'ramp', slope: -height / rampDownS, atS: endS },
    { kind: 'ramp', slope: height / rampDownS, atS: endS + rampDownS },
  ];
}

export function scaled(signal: Signal, k: number): Signal {
  return signal.map((c): Component => {
    switch (c.kind) {
      case 'const': return { ...c, level: c.level * k };
      case 'sin': return { ...c, amp: c.amp * k };
      case 'ramp': return { ...c, slope: c.slope * k };
      case 'wiggle': return { ...c, amp: c.amp * k };
    }
  });
}

const DAY_S = 86400;
const WEEK_S = 7 * DAY_S;

/**
 * Traffic shape around a mean level: a daily cycle peaking ~14:00 UTC, a weaker weekend dip, and zero-mean wiggles
 * at two time scales so 5-minute rates look noisy. The minimum stays above ~40% of the mean, so rates stay positive.
 */
export function seasonalTraffic(mean: number, key: number): Signal {
  return [
    { kind: 'const', level: mean },
    { kind: 'sin', amp: 0.32 * mean, periodS: DAY_S, phaseS: 8 * 3600 },
    { kind: 'sin', amp: 0.06 * mean, periodS: DAY_S / 2, phaseS: 2 * 3600 },
    // Epoch day 0 was a Thursday: this puts the weekly minimum on Saturday/Sunday.
    { kind: 'sin', amp: 0.1 * mean, periodS: WEEK_S, phaseS: -2.75 * DAY_S },
    { kind: 'wiggle', amp: 0.06 * mean, blockS: 600, key },
    { kind: 'wiggle', amp: 0.05 * mean, blockS: 2820, key: key ^ 0x1234567 },
  ];
}
