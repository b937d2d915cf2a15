// Sloth and Pyrra files import to the SLOs they describe; what we cannot honour is named, with file, document and SLO.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatSloIssue, importSloFile, SloError } from '../../src/slo/index.ts';
import { fixture } from './helpers.ts';

function importFixture(name: string) {
  return importSloFile(name, fixture(name).text);
}

function importErrors(name: string, text = fixture(name).text): { errors: string[]; warnings: string[] } {
  try {
    importSloFile(name, text);
  } catch (error) {
    assert.ok(error instanceof SloError, String(error));
    return { errors: error.message.split('\n'), warnings: error.warnings.map((w) => formatSloIssue(w, 'warning')) };
  }
  assert.fail(`expected ${name} to fail`);
}

describe('Sloth import', () => {
  it('reads a prometheus/v1 spec: percent objectives, merged labels, events and raw SLIs, page/ticket alerts', () => {
    const { slos, warnings, formats } = importFixture('sloth-myservice.yaml');
    assert.deepEqual(formats, ['sloth']);
    assert.deepEqual(warnings, []);
    assert.deepEqual(slos[0], {
      name: 'requests-availability',
      service: 'myservice',
      description: 'Common SLO based on availability for HTTP request responses.',
      objective: 0.999,
      window: { kind: 'rolling', duration: '30d' },
      indicator: {
        kind: 'ratio',
        errorQuery: 'sum(rate(http_request_duration_seconds_count{job="myservice",code=~"(5..|429)"}[{{.window}}]))',
        totalQuery: 'sum(rate(http_request_duration_seconds_count{job="myservice"}[{{.window}}]))',
      },
      labels: { owner: 'myteam', repo: 'myorg/myservice', tier: '2', category: 'availability' },
      alerting: {
        name: 'MyServiceHighErrorRate',
        labels: { category: 'availability' },
        annotations: { summary: "High error rate on 'myservice' requests responses" },
        page: { labels: { severity: 'pageteam', routing_key: 'myteam' } },
        ticket: { labels: { severity: 'slack', slack_channel: '#alerts-myteam' } },
      },
    });
    assert.equal(slos[1].name, 'requests-latency');
    assert.equal(slos[1].objective, 0.99);
    assert.equal(slos[1].indicator.kind, 'raw');
    assert.match((slos[1].indicator as { errorRatioQuery: string }).errorRatioQuery, /le="0.5"\}\[\{\{\.window\}\}\]/);
    assert.deepEqual(slos[1].alerting, { page: { disabled: true } });
  });

  it('reads the PrometheusServiceLevel custom resource (camelCase fields)', () => {
    const { slos, formats } = importFixture('sloth-kubernetes.yaml');
    assert.deepEqual(formats, ['sloth-kubernetes']);
    assert.equal(slos.length, 1);
    assert.equal(slos[0].service, 'home-wifi');
    assert.equal(slos[0].objective, 0.95);
    assert.deepEqual(slos[0].labels, { cluster: 'valhalla' });
    assert.match(
      (slos[0].indicator as { errorQuery: string }).errorQuery,
      /\[\{\{\.window\}\}:\]\) OR on\(\) vector\(0\)$/
    );
    assert.deepEqual(slos[0].alerting, {
      name: 'SlothWifiClientSatisfaction',
      page: { disabled: true },
      ticket: { labels: { severity: 'warning' } },
    });
  });

  it('takes the period from the option Sloth has as a flag', () => {
    const { text } = fixture('sloth-myservice.yaml');
    const { slos } = importSloFile('sloth-myservice.yaml', text, { slothPeriod: '28d' });
    assert.deepEqual(slos[0].window, { kind: 'rolling', duration: '28d' });
  });

  it('refuses SLI plugins and names unknown fields', () => {
    assert.deepEqual(importErrors('sloth-plugin.yaml'), {
      errors: [
        'slo error in sloth-plugin.yaml: SLO "http-availability": slos[0].sli.plugin: SLI plugin "sloth-common/kubernetes/apiserver/availability" is not supported: Sloth plugins are Go code run by Sloth itself; write the SLI as sli.events (error and total queries) or sli.raw',
      ],
      warnings: [
        'slo warning in sloth-plugin.yaml: SLO "http-availability": slos[0].slo_owner: unknown field, ignored',
      ],
    });
  });

  it("reports Sloth's field names in validation errors", () => {
    const text = [
      'version: prometheus/v1',
      'service: shop',
      'slos:',
      '  - name: a',
      '    objective: 0.999',
      '    sli:',
      '      events:',
      '        error_query: sum(rate(errors_total[5m]))',
      '        total_query: sum(rate(requests_total[{{.window}}])',
    ].join('\n');
    const { errors, warnings } = importErrors('shop.yaml', text);
    assert.deepEqual(warnings, [
      'slo warning in shop.yaml: SLO "a": slos[0].objective: Sloth objectives are percentages: 0.999 means 0.999% (did you mean 99.9?)',
    ]);
    assert.equal(errors.length, 2);
    assert.match(
      errors[0],
      /^slo error in shop\.yaml: SLO "a": slos\[0\]\.sli\.events\.error_query: must use the \{\{\.window\}\} placeholder/
    );
    assert.match(
      errors[1],
      /^slo error in shop\.yaml: SLO "a": slos\[0\]\.sli\.events\.total_query: PromQL syntax error at character/
    );
  });
});

describe('Pyrra import', () => {
  it('reads a multi-document file: ratio, histogram latency and bool_gauge indicators', () => {
    const { slos, warnings, formats } = importFixture('pyrra-slos.yaml');
    assert.deepEqual(formats, ['pyrra', 'pyrra', 'pyrra']);
    assert.deepEqual(slos[0], {
      name: 'coredns-response-errors',
      service: 'monitoring',
      description: 'CoreDNS answers without SERVFAIL.',
      objective: 0.9999,
      window: { kind: 'rolling', duration: '2w' },
      indicator: {
        kind: 'ratio',
        errorQuery: 'sum(rate(coredns_dns_responses_total{job="coredns",rcode="SERVFAIL"}[{{.window}}]))',
        totalQuery: 'sum(rate(coredns_dns_responses_total{job="coredns"}[{{.window}}]))',
      },
      labels: { team: 'platform' },
      alerting: { name: 'ErrorBudgetBurn' },
    });
    assert.deepEqual(slos[1].indicator, {
      kind: 'latency',
      histogramMetric: 'apiserver_request_duration_seconds_bucket',
      threshold: 1,
      selector: 'job="apiserver",scope=~"resource|",verb=~"LIST|GET"',
    });
    assert.deepEqual(slos[1].alerting, { name: 'APIServerReadLatencyBudgetBurn' });
    assert.deepEqual(slos[2].indicator, {
      kind: 'ratio',
      goodQuery: 'sum(sum_over_time(probe_success{job="blackbox",instance="https://shop.example.com"}[{{.window}}]))',
      totalQuery:
        'sum(count_over_time(probe_success{job="blackbox",instance="https://shop.example.com"}[{{.window}}]))',
    });
    assert.deepEqual(slos[2].alerting, { name: 'ErrorBudgetBurn', disabled: true });
    assert.deepEqual(
      warnings.map((w) => formatSloIssue(w, 'warning')),
      [
        'slo warning in pyrra-slos.yaml: SLO "apiserver-read-resource-latency": document 2: spec.alerting.absent: absent-metric alerts are not generated; only the burn-rate alerts are',
      ]
    );
  });

  it('keeps a latency SLI whose success and total are not one histogram as a good/total ratio', () => {
    const text = `apiVersion: pyrra.dev/v1alpha1
kind: ServiceLevelObjective
metadata: { name: fast-requests }
spec:
  target: "95"
  window: 7d
  indicator:
    latency:
      success: { metric: 'fast_requests_bucket{le="0.1"}' }
      total: { metric: 'all_requests_total' }
`;
    const { slos } = importSloFile('fast.yaml', text);
    assert.deepEqual(slos[0].indicator, {
      kind: 'ratio',
      goodQuery: 'sum(rate(fast_requests_bucket{le="0.1"}[{{.window}}]))',
      totalQuery: 'sum(rate(all_requests_total[{{.window}}]))',
    });
    assert.equal(slos[0].service, undefined);
  });

  it('refuses grouping and native-histogram latency, and warns about Thanos-only fields', () => {
    assert.deepEqual(importErrors('pyrra-unsupported.yaml'), {
      errors: [
        'slo error in pyrra-unsupported.yaml: SLO "http-errors-by-handler": document 1: spec.indicator.ratio.grouping: is not supported: Pyrra makes one SLO per value of handler, and one SLO over all of them would be a different objective; write one SLO per group (a selector per value) or drop grouping',
        'slo error in pyrra-unsupported.yaml: SLO "http-latency-native": document 2: spec.indicator.latencyNative: native-histogram latency indicators are not supported: use indicator.latency with a classic histogram (success: <name>_bucket{le="…"}, total: <name>_count)',
      ],
      warnings: [
        'slo warning in pyrra-unsupported.yaml: SLO "http-errors-by-handler": document 1: spec.partial_response_strategy: ignored: it only applies to Thanos Ruler',
      ],
    });
  });

  it('names bad targets, windows and selectors at their Pyrra fields', () => {
    const text = `apiVersion: pyrra.dev/v1alpha1
kind: ServiceLevelObjective
metadata: { name: broken, namespace: shop }
spec:
  target: "high"
  window: 4w
  indicator:
    ratio:
      errors: { metric: 'sum(rate(x[5m]))' }
      total: { metric: 'requests_total' }
`;
    assert.deepEqual(importErrors('broken.yaml', text).errors, [
      'slo error in broken.yaml: SLO "broken": spec.target: expected a percentage like "99.9", got "high"',
      'slo error in broken.yaml: SLO "broken": spec.indicator.ratio.errors.metric: expected a metric selector like http_requests_total{job="api",code=~"5.."} (Pyrra wraps it in rate()), got "sum(rate(x[5m]))"',
    ]);
    const badWindow = text
      .replace('"high"', '"99"')
      .replace('sum(rate(x[5m]))', 'errors_total')
      .replace('window: 4w', 'window: 4 weeks');
    assert.deepEqual(importErrors('broken.yaml', badWindow).errors, [
      'slo error in broken.yaml: SLO "broken": spec.window: expected a duration like "28d", got "4 weeks"',
    ]);
  });
});

describe('SLO files', () => {
  it("reads our own format (the config file's slos: entries)", () => {
    const { slos, formats } = importFixture('prophet-slos.yaml');
    assert.deepEqual(formats, ['prophet']);
    assert.deepEqual(
      slos.map((s) => [s.name, s.indicator.kind, s.window]),
      [
        ['checkout-availability', 'ratio', { kind: 'rolling', duration: '30d' }],
        ['checkout-latency', 'latency', { kind: 'rolling', duration: '28d' }],
        ['search-availability', 'ratio', { kind: 'calendar', unit: 'month' }],
      ]
    );
  });

  it('says what a file is not', () => {
    assert.deepEqual(importErrors('openslo.yaml', 'apiVersion: openslo/v1\nkind: SLO\n').errors, [
      'slo error in openslo.yaml: OpenSLO files are not supported: convert them to Sloth prometheus/v1, Pyrra or our slos: format',
    ]);
    assert.deepEqual(importErrors('x.yaml', 'foo: 1\n').errors, [
      'slo error in x.yaml: not an SLO document: expected a Sloth spec (version: prometheus/v1), a Sloth PrometheusServiceLevel, a Pyrra ServiceLevelObjective, or a list of SLOs under "slos:"',
    ]);
    assert.match(
      importErrors('y.yaml', 'slos: [\n').errors[0],
      /^slo error in y\.yaml: YAML syntax error at line \d+, column \d+/
    );
    assert.deepEqual(importErrors('empty.yaml', '# nothing\n').errors, [
      'slo error in empty.yaml: no SLOs in this file',
    ]);
  });
});
