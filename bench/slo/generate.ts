// Seeded SLI streams for the SLO benchmark: 5-minute request and error counts with daily and weekly traffic
// seasonality, Poisson noise and bursty errors, and one error-ratio scenario per stream. Some scenarios suit a
// level forecast (steady burns); others are hard for every forecaster (ramps, burns that get fixed, incidents
// that recover, errors that follow the traffic peak, low traffic).
export const STEP = 300;
export const DAY = 86400;

export type Scenario =
  | 'slow-burn'
  | 'slow-burn-fixed'
  | 'ramp'
  | 'fast-burn'
  | 'incident-recovers'
  | 'peak-errors'
  | 'low-traffic'
  | 'quiet'
  | 'calendar';

export const SCENARIOS: readonly Scenario[] = [
  'slow-burn',
  'slow-burn-fixed',
  'ramp',
  'fast-burn',
  'incident-recovers',
  'peak-errors',
  'low-traffic',
  'quiet',
  'calendar',
];

export interface Stream {
  name: string;
  scenario: Scenario;
  objective: number;
  window: { kind: 'rolling'; seconds: number } | { kind: 'calendar'; unit: 'month' };
  timestamps: number[];
  total: number[];
  errors: number[];
  /** Forecast origins are taken from [evalFrom, evalTo). */
  evalFrom: number;
  evalTo: number;
  /** Times of the scripted regime changes: a forecast made before one cannot know it. */
  changes: number[];
  /**
   * The noise-free expectation behind each step (the scripted traffic and error ratio, before Poisson noise and
   * burstiness). Only the clairvoyant reference row of the benchmark reads it; the methods never see it.
   */
  expected: { total: number[]; ratio: number[] };
}

export function rng(seed: number): { u: () => number; normal: () => number } {
  let a = seed >>> 0;
  const u = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  return { u, normal };
}

function poisson(lambda: number, r: ReturnType<typeof rng>): number {
  if (lambda <= 0) {
    return 0;
  }
  if (lambda > 50) {
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * r.normal()));
  }
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= r.u();
  } while (p > l);
  return k - 1;
}

const between = (r: ReturnType<typeof rng>, a: number, b: number): number => a + (b - a) * r.u();

type BurnFn = (d: number, load: number) => number;

/**
 * Burn rate (error ratio ÷ budget) of a scenario at day d of the stream (`load` is traffic ÷ its mean), and the
 * days at which the scripted regime changes (onsets, fixes, incident starts and ends, the end of a ramp).
 */
function burnFn(s: Scenario, r: ReturnType<typeof rng>, start: number): { burn: BurnFn; changes: number[] } {
  const base = between(r, 0.2, 0.8);
  const at = start + between(r, 0, 12);
  switch (s) {
    case 'slow-burn':
    case 'low-traffic': {
      const b = between(r, 1.3, 4);
      return { burn: (d) => (d >= at ? b : base), changes: [at] };
    }
    case 'slow-burn-fixed': {
      const b = between(r, 1.5, 4);
      const fixed = at + between(r, 1, 6);
      return { burn: (d) => (d >= at && d < fixed ? b : base), changes: [at, fixed] };
    }
    case 'ramp': {
      const to = between(r, 3, 8);
      const over = between(r, 5, 20);
      return {
        burn: (d) => (d < at ? base : base + (to - base) * Math.min(1, (d - at) / over)),
        changes: [at, at + over],
      };
    }
    case 'fast-burn': {
      const b = between(r, 8, 40);
      return { burn: (d) => (d >= at ? b : base), changes: [at] };
    }
    case 'incident-recovers': {
      const incidents = Array.from({ length: 1 + Math.floor(r.u() * 4) }, () => {
        const t = start + between(r, -5, 25);
        return { from: t, to: t + between(r, 0.5, 6) / 24, b: between(r, 15, 120) };
      });
      return {
        burn: (d) => incidents.find((i) => d >= i.from && d < i.to)?.b ?? base,
        changes: incidents.flatMap((i) => [i.from, i.to]),
      };
    }
    case 'peak-errors': {
      const b = between(r, 0.8, 3);
      return { burn: (d, load) => (d >= at ? b * load * load : base), changes: [at] };
    }
    case 'quiet':
      return { burn: () => base * 1.2, changes: [] };
    case 'calendar': {
      const b = between(r, 0.8, 2);
      const incident = start + between(r, 0, 25);
      return {
        burn: (d) => (d >= incident && d < incident + 0.125 ? 40 : d >= at - 10 ? b : base),
        changes: [at - 10, incident, incident + 0.125],
      };
    }
  }
}

/** One stream. Rolling streams: 30-day window, 30 days of warm-up, origins over 30 days, 15 days of truth after. */
export function generate(seed: number, scenario: Scenario): Stream {
  const r = rng(seed);
  const calendar = scenario === 'calendar';
  const objective = [0.999, 0.995, 0.9995][Math.floor(r.u() * 3)];
  const days = calendar ? 62 : 75;
  const t0 = calendar ? Date.UTC(2026, 0, 1) / 1000 : Date.UTC(2026, 4, 1) / 1000;
  const n = (days * DAY) / STEP;
  const rate = scenario === 'low-traffic' ? between(r, 2, 15) : Math.exp(between(r, Math.log(100), Math.log(5000)));
  const amp = between(r, 0.2, 0.7);
  const weekend = between(r, 0.6, 1);
  const phase = r.u() * 2 * Math.PI;
  const start = calendar ? 31 : 30;
  const { burn, changes } = burnFn(scenario, r, start);
  const timestamps: number[] = [];
  const total: number[] = [];
  const errors: number[] = [];
  const expected = { total: [] as number[], ratio: [] as number[] };
  let burst = 1;
  for (let i = 0; i < n; i++) {
    const t = t0 + (i + 1) * STEP;
    const d = (t - t0) / DAY;
    if (i % 12 === 0) {
      burst = Math.exp(0.4 * r.normal() - 0.08); // hourly error burstiness, mean ≈ 1
    }
    const dow = (Math.floor(t / DAY) + 3) % 7;
    const load = (1 + amp * Math.sin(2 * Math.PI * d + phase)) * (dow >= 5 ? weekend : 1);
    const req = poisson(rate * load, r);
    const ratio = Math.min(1, burn(d, load) * (1 - objective) * burst);
    timestamps.push(t);
    total.push(req);
    errors.push(Math.min(req, poisson(req * ratio, r)));
    expected.total.push(rate * load);
    expected.ratio.push(Math.min(1, burn(d, load) * (1 - objective)));
  }
  const window = calendar
    ? ({ kind: 'calendar', unit: 'month' } as const)
    : ({ kind: 'rolling', seconds: 30 * DAY } as const);
  const evalFrom = t0 + start * DAY;
  const evalTo = calendar ? t0 + days * DAY - 6 * 3600 : t0 + 60 * DAY;
  return {
    name: `${scenario}#${seed}`,
    scenario,
    objective,
    window,
    timestamps,
    total,
    errors,
    evalFrom,
    evalTo,
    changes: changes.map((d) => t0 + d * DAY),
    expected,
  };
}
