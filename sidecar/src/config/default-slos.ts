// The SLOs shipped for the simulated cluster: what runs when the config names no SLOs (neither `slos:` nor
// `sloFiles:`), like the default forecast jobs. Both read series the simulator exports (its HTTP services' request
// counters and latency histogram) and work unchanged on any service instrumented the same way.
//
// The objectives suit the simulation: payments/api fails ~0.1% of requests all the time (burn rate 0.5 against
// 99.8%) and its scripted error burn (~4% for 5 hours) pages; shop/frontend answers ~0.5% of requests slower than
// 0.5 s (burn ~0.5 against 99%) and its traffic spike queues requests behind saturated pods.
import type { SloInput } from '../slo/index.ts';

export const DEFAULT_SLOS: SloInput[] = [
  {
    name: 'availability',
    service: 'payments-api',
    title: 'Payments API availability',
    description: 'Share of payments/api requests answered without a 5xx.',
    objective: 0.998,
    window: '30d',
    indicator: {
      kind: 'ratio',
      errorQuery: 'sum(rate(http_requests_total{namespace="payments",service="api",code=~"5.."}[{{.window}}]))',
      totalQuery: 'sum(rate(http_requests_total{namespace="payments",service="api"}[{{.window}}]))',
    },
    labels: { team: 'payments' },
  },
  {
    name: 'latency',
    service: 'shop-frontend',
    title: 'Frontend latency under 0.5 s',
    description: 'Share of shop/frontend requests answered within 0.5 seconds.',
    objective: 0.99,
    window: '30d',
    indicator: {
      kind: 'latency',
      histogramMetric: 'http_request_duration_seconds_bucket',
      threshold: 0.5,
      selector: 'namespace="shop",service="frontend"',
    },
    labels: { team: 'shop' },
  },
];
