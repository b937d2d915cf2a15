// SLO definitions: what is accepted, and errors that name the file, the SLO and the field.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SloError, validateSlos, type SloInput } from '../../src/slo/index.ts';

const RATIO: SloInput = {
  name: 'checkout-availability',
  service: 'checkout',
  objective: 0.999,
  window: '30d',
  indicator: {
    kind: 'ratio',
    errorQuery: 'sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))',
    totalQuery: 'sum(rate(http_requests_total[{{.window}}]))',
  },
};

function errorsOf(raw: unknown, source = 'slos.yaml'): string[] {
  try {
    validateSlos(raw, { source });
  } catch (error) {
    assert.ok(error instanceof SloError, String(error));
    return error.message.split('\n');
  }
  assert.fail('expected a validation error');
}

describe('SLO definitions', () => {
  it('normalises windows and indicators', () => {
    const { slos, warnings } = validateSlos(
      [
        RATIO,
        { ...RATIO, name: 'b', window: { kind: 'rolling', duration: '28d' } },
        { ...RATIO, name: 'c', window: 'calendar-month' },
        { ...RATIO, name: 'd', window: { kind: 'calendar', unit: 'month' } },
        {
          name: 'e',
          objective: 0.99,
          window: '7d',
          indicator: { kind: 'latency', histogramMetric: 'h_bucket', threshold: 0.25, selector: 'job="api"' },
        },
      ],
      { source: 'slos.yaml' }
    );
    assert.deepEqual(warnings, []);
    assert.deepEqual(slos[0].window, { kind: 'rolling', duration: '30d' });
    assert.deepEqual(slos[1].window, { kind: 'rolling', duration: '28d' });
    assert.deepEqual(slos[2].window, { kind: 'calendar', unit: 'month' });
    assert.deepEqual(slos[3].window, { kind: 'calendar', unit: 'month' });
    assert.deepEqual(slos[4].indicator, {
      kind: 'latency',
      histogramMetric: 'h_bucket',
      threshold: 0.25,
      selector: 'job="api"',
    });
    assert.deepEqual(slos[0].indicator, RATIO.indicator);
  });

  it('names the file, the SLO and the field of schema errors', () => {
    assert.deepEqual(errorsOf([{ ...RATIO, objective: 99.9 }]), [
      'slo error in slos.yaml: SLO "checkout-availability": slos[0].objective: expected a ratio between 0 and 1, exclusive (0.999 for 99.9%), got 99.9',
    ]);
    assert.deepEqual(errorsOf([RATIO, { ...RATIO, name: 'x', window: '30 days' }]), [
      'slo error in slos.yaml: SLO "x": slos[1].window: expected a rolling window like "30d", "calendar-month", {kind: rolling, duration: 30d} or {kind: calendar, unit: month}, got "30 days"',
    ]);
    assert.deepEqual(errorsOf([{ ...RATIO, target: 99 }]), [
      'slo error in slos.yaml: SLO "checkout-availability": slos[0].target: unknown field',
    ]);
    const { name: _name, ...nameless } = RATIO;
    assert.deepEqual(errorsOf([nameless]), ['slo error in slos.yaml: slos[0].name: is required']);
  });

  it('reports PromQL syntax errors with the position', () => {
    const [message] = errorsOf([
      { ...RATIO, indicator: { ...RATIO.indicator, totalQuery: 'sum(rate(http_requests_total[{{.window}}])' } },
    ]);
    assert.match(
      message,
      /^slo error in slos\.yaml: SLO "checkout-availability": slos\[0\]\.indicator\.totalQuery: PromQL syntax error at character \d+ \(unexpected end of query/
    );
  });

  it('requires the {{.window}} placeholder, exactly one of errorQuery and goodQuery, and the fields of the kind', () => {
    assert.match(
      errorsOf([
        {
          ...RATIO,
          indicator: { kind: 'ratio', errorQuery: 'sum(rate(e[5m]))', totalQuery: 'sum(rate(t[{{.window}}]))' },
        },
      ])[0],
      /slos\[0\]\.indicator\.errorQuery: must use the \{\{\.window\}\} placeholder/
    );
    assert.match(
      errorsOf([{ ...RATIO, indicator: { ...RATIO.indicator, goodQuery: 'sum(rate(g[{{.window}}]))' } }])[0],
      /slos\[0\]\.indicator: set exactly one of errorQuery and goodQuery/
    );
    assert.deepEqual(
      errorsOf([{ ...RATIO, indicator: { kind: 'latency', histogramMetric: 'h_count', selector: 'job=api' } }]),
      [
        'slo error in slos.yaml: SLO "checkout-availability": slos[0].indicator.histogramMetric: expected a histogram\'s bucket series name ending in "_bucket", got "h_count"',
        'slo error in slos.yaml: SLO "checkout-availability": slos[0].indicator.threshold: is required for kind "latency" (the le bucket boundary, in seconds)',
        'slo error in slos.yaml: SLO "checkout-availability": slos[0].indicator.selector: expected label matchers like job="api",route!="/healthz", got "job=api"',
      ]
    );
    assert.match(
      errorsOf([
        { ...RATIO, indicator: { kind: 'latency', histogramMetric: 'h_bucket', threshold: 1, selector: 'le="1"' } },
      ])[0],
      /indicator\.selector: must not match "le"/
    );
    assert.match(
      errorsOf([{ ...RATIO, indicator: { kind: 'raw', errorRatioQuery: 'x[{{.window}}]', totalQuery: 'y' } }])[0],
      /slos\[0\]\.indicator\.totalQuery: belongs to kind "ratio", not "raw"/
    );
  });

  it('rejects reserved and invalid labels, short windows and duplicate SLOs', () => {
    assert.deepEqual(errorsOf([{ ...RATIO, labels: { sloth_slo: 'x', 'bad-name': 'y' } }]), [
      'slo error in slos.yaml: SLO "checkout-availability": slos[0].labels.sloth_slo: is set by the generated rules and cannot be overridden',
      'slo error in slos.yaml: SLO "checkout-availability": slos[0].labels.bad-name: not a valid Prometheus label name',
    ]);
    assert.match(errorsOf([{ ...RATIO, window: '12h' }])[0], /slos\[0\]\.window: must be at least 1d/);
    assert.deepEqual(errorsOf([RATIO, RATIO]), [
      'slo error in slos.yaml: SLO "checkout-availability": slos[1].name: duplicate SLO "checkout-availability" of service "checkout" (also slos[0])',
    ]);
    assert.deepEqual(errorsOf({ name: 'x' }), ['slo error in slos.yaml: slos: expected a list of SLOs']);
  });
});
