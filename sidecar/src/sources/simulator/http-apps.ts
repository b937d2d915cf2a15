// The HTTP services' own /metrics: request counters by code and method, and a latency histogram.
import { family, sample, type MetricFamily, type SimSeries } from './series.ts';
import { integrate, seasonalTraffic, scaled, trapezoid, type Component, type Signal } from './signal.ts';
import { hashString } from './random.ts';
import { TIMELINE } from './incidents.ts';
import { DEPLOYMENTS, type Topology } from './topology.ts';

export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, Infinity];

export function httpFamilies(topo: Topology, seed: number, anchorMs: number): MetricFamily[] {
  const requests: SimSeries[] = [];
  const hist: SimSeries[] = [];
  const s = (offset: number) => (anchorMs + offset) / 1000;
  const start = topo.horizonStartMs;
  const end = topo.horizonEndMs;
  for (const dep of DEPLOYMENTS) {
    if (!dep.http) {continue;}
    const { service, job, rps, medianLatencyS } = dep.http;
    const base = { job, instance: `${service}.${dep.namespace}.svc:8080`, namespace: dep.namespace, service };
    const key = hashString(seed, `http/${dep.namespace}/${service}`);
    // A small share of requests is slow at all times (cache misses, GC pauses); its own noise makes p99 wander.
    let slow: Component[] = seasonalTraffic(0.006 * rps, key ^ 0x51c0);
    let burn: Component[] = [];
    const total: Signal = seasonalTraffic(rps, key);
    // Background errors: ~0.1% of traffic with their own noise, so the error ratio is not a flat line.
    const errors = seasonalTraffic(0.001 * rps, key ^ 0xe770);
    if (dep.name === 'frontend') {
      const spike = trapezoid(2.5 * rps, s(TIMELINE.spikeStart), 600, s(TIMELINE.spikeEnd), 1200);
      total.push(...spike);
      slow.push(...scaled(spike, 0.35)); // part of the surge traffic queues behind saturated pods
      errors.push(...scaled(spike, 0.001));
    }
    if (dep.namespace === 'payments') {
      burn = trapezoid(0.04 * rps, s(TIMELINE.burnStart), 3600, s(TIMELINE.burnEnd), 900);
      slow.push(...burn); // the failing requests are upstream timeouts
    }
    const ok = [...total, ...scaled(errors, -1), ...scaled(burn, -1)];
    const methods = dep.namespace === 'payments' ? [['POST', 0.9], ['GET', 0.1]] as const : [['GET', 0.8], ['POST', 0.2]] as const;
    const startS = start / 1000;
    for (const [method, share] of methods) {
      const counter = (sig: Signal, from: number) => (t: number) => share * integrate(sig, from / 1000, t / 1000);
      requests.push(sample('http_requests_total', { ...base, code: '200', method }, start, end, counter(ok, start)));
      requests.push(sample('http_requests_total', { ...base, code: '500', method }, start, end, counter(errors, start)));
      // The client library creates the 503 series on its first increment.
      if (burn.length > 0) {
        const from = anchorMs + TIMELINE.burnStart;
        requests.push(sample('http_requests_total', { ...base, code: '503', method }, from, end, counter(burn, from)));
      }
    }
    const fast = [...total, ...scaled(slow, -1)];
    const slowMedian = Math.max(0.6, medianLatencyS * 12);
    for (const le of LATENCY_BUCKETS) {
      const fFast = lognormalCdf(le, medianLatencyS, 0.6);
      const fSlow = lognormalCdf(le, slowMedian, 0.5);
      hist.push(sample('http_request_duration_seconds_bucket', { ...base, le: formatLe(le) }, start, end,
        (t) => fFast * integrate(fast, startS, t / 1000) + fSlow * integrate(slow, startS, t / 1000)));
    }
    const meanFast = medianLatencyS * Math.exp(0.18);
    const meanSlow = slowMedian * Math.exp(0.125);
    hist.push(sample('http_request_duration_seconds_sum', base, start, end,
      (t) => meanFast * integrate(fast, startS, t / 1000) + meanSlow * integrate(slow, startS, t / 1000)));
    hist.push(sample('http_request_duration_seconds_count', base, start, end, (t) => integrate(total, startS, t / 1000)));
  }
  return [
    family('http_requests_total', 'counter', 'Total HTTP requests by status code and method.', requests),
    family('http_request_duration_seconds', 'histogram', 'HTTP request latency in seconds.', hist),
  ];
}

export function formatLe(le: number): string {
  return le === Infinity ? '+Inf' : String(le);
}

function lognormalCdf(x: number, median: number, sigma: number): number {
  if (x === Infinity) {return 1;}
  return 0.5 * (1 + erf(Math.log(x / median) / (sigma * Math.SQRT2)));
}

/** Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7). */
function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return sign * y;
}
