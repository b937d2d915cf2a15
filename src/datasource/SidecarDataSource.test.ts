import { DataQueryRequest, dateTime, FieldType, getDefaultTimeRange } from '@grafana/data';
import { setBackendSrv } from '@grafana/runtime';
import { anomalyDetail, outlierList } from '../test/anomalyFixtures';
import { fakeSidecarBackend, ok, PROXY } from '../test/fakeSidecarBackend';
import { forecastDetail, forecastList } from '../test/fixtures';
import { sloDetail, sloList } from '../pages/Slos/sloFixtures';
import { SidecarDataSource, SidecarQuery, sidecarQuery } from './SidecarDataSource';

const now = Date.UTC(2026, 10, 1, 12);

function request(targets: SidecarQuery[]): DataQueryRequest<SidecarQuery> {
  return {
    targets,
    range: getDefaultTimeRange(),
    requestId: 't',
    interval: '1m',
    intervalMs: 60_000,
    scopedVars: {},
    timezone: 'utc',
    app: 'test',
    startTime: dateTime().valueOf(),
  };
}

const values = (frame: { fields: Array<{ name: string; values: unknown[] }> }, name: string) =>
  frame.fields.find((f) => f.name === name)?.values;

describe('SidecarDataSource', () => {
  it('returns a forecastSeries frame with actual, forecast band and threshold on one time axis', async () => {
    const fake = fakeSidecarBackend({ [`${PROXY}/forecasts/disk-a`]: ok(forecastDetail(now)) });
    setBackendSrv(fake.backend);
    const t0 = now - 120 * 60_000;
    const h = 60 * 60_000;

    const res = await new SidecarDataSource().query(
      request([sidecarQuery({ queryType: 'forecastSeries', forecastId: 'disk-a' })])
    );

    const [frame] = res.data;
    expect(frame.refId).toBe('forecastSeries');
    expect(frame.fields.map((f: { name: string }) => f.name)).toEqual([
      'time',
      'actual',
      'yhat',
      'lower',
      'upper',
      'threshold',
    ]);
    expect(frame.fields[0].type).toBe(FieldType.time);
    expect(values(frame, 'time')).toEqual([t0, t0 + h, t0 + 2 * h, t0 + 3 * h]);
    expect(values(frame, 'actual')).toEqual([70, 71, 71.5, null]);
    expect(values(frame, 'yhat')).toEqual([null, null, 71.6, 80]);
    expect(values(frame, 'lower')).toEqual([null, null, 70.5, 75]);
    expect(values(frame, 'upper')).toEqual([null, null, 72.5, 85]);
    expect(values(frame, 'threshold')).toEqual([90, 90, 90, 90]);
    expect(frame.fields[1].config.unit).toBe('percent');
  });

  it('fetches a detail once for series, summary and backtest, and marks the chosen model', async () => {
    const fake = fakeSidecarBackend({ [`${PROXY}/forecasts/disk-a`]: ok(forecastDetail(now)) });
    setBackendSrv(fake.backend);
    const queries = (['forecastSeries', 'forecastSummary', 'forecastBacktest'] as const).map((queryType) =>
      sidecarQuery({ queryType, forecastId: 'disk-a' })
    );

    const res = await new SidecarDataSource().query(request(queries));

    expect(fake.requests).toHaveLength(1);
    const backtest = res.data[2];
    expect(values(backtest, 'model')).toEqual(['holt-winters', 'prophet', 'naive']);
    expect(values(backtest, 'chosen')).toEqual([true, false, false]);
    expect(values(res.data[1], 'model')).toEqual(['holt-winters']);
  });

  it('ranks the forecast list soonest crossing first, non-crossing last', async () => {
    setBackendSrv(fakeSidecarBackend({ [`${PROXY}/forecasts`]: ok(forecastList(now)) }).backend);
    const res = await new SidecarDataSource().query(request([sidecarQuery({ queryType: 'forecastList' })]));
    expect(values(res.data[0], 'id')).toEqual(['disk-a', 'disk-b', 'mem-a']);
    expect(values(res.data[0], 'series')).toEqual([
      '{instance="node-1", mountpoint="/"}',
      '{instance="node-1", mountpoint="/"}',
      '{pod="api-0"}',
    ]);
  });

  it('rejects a detail query without forecastId', async () => {
    await expect(
      new SidecarDataSource().query(request([sidecarQuery({ queryType: 'forecastSeries' })]))
    ).rejects.toThrow('needs a forecastId');
  });

  it('fetches an anomaly once for its band, score, summary and events, marking only the flagged points', async () => {
    const fake = fakeSidecarBackend({ [`${PROXY}/anomalies/cpu-checkout`]: ok(anomalyDetail(now)) });
    setBackendSrv(fake.backend);
    const queries = (['anomalySeries', 'anomalyScore', 'anomalySummary', 'anomalyEvents'] as const).map((queryType) =>
      sidecarQuery({ queryType, anomalyId: 'cpu-checkout' })
    );

    const res = await new SidecarDataSource().query(request(queries));

    expect(fake.requests).toHaveLength(1);
    const [band, score, summary, events] = res.data;
    expect(band.fields.map((f: { name: string }) => f.name)).toEqual([
      'time',
      'value',
      'expected',
      'lower',
      'upper',
      'anomaly',
    ]);
    expect(values(band, 'value')).toEqual([0.5, 0.55, 0.6, 1.6, 1.8]);
    expect(values(band, 'anomaly')).toEqual([null, null, null, 1.6, 1.8]);
    expect(values(band, 'upper')).toEqual([0.8, 0.8, 0.8, 0.8, 0.8]);
    expect(values(score, 'score')).toEqual([0.1, 0.1, 0.1, 0.93, 0.94]);
    expect(values(score, 'threshold')).toEqual([0.8, 0.8, 0.8, 0.8, 0.8]);
    expect(values(summary, 'kind')).toEqual(['spike']);
    expect(values(summary, 'forecastId')).toEqual(['container-cpu-abc']);
    // Newest first: the ongoing spike before the earlier dip.
    expect(values(events, 'kind')).toEqual(['spike', 'dip']);
    expect(values(events, 'ongoing')).toEqual([true, false]);
  });

  it('returns outlier groups and their members (rogue first) from one list fetch', async () => {
    const fake = fakeSidecarBackend({ [`${PROXY}/outliers`]: ok(outlierList(now)) });
    setBackendSrv(fake.backend);
    const res = await new SidecarDataSource().query(
      request([sidecarQuery({ queryType: 'outlierGroups' }), sidecarQuery({ queryType: 'outlierMembers' })])
    );
    expect(fake.requests).toHaveLength(1);
    const [groups, members] = res.data;
    expect(values(groups, 'id')).toEqual(['pods-checkout', 'nodes-gpu']);
    expect(values(groups, 'tooSmall')).toEqual([false, true]);
    expect(values(groups, 'memberCount')).toEqual([3, 2]);
    expect(values(members, 'id')).toEqual(['checkout-2', 'checkout-1', 'checkout-3', 'gpu-a', 'gpu-b']);
    expect(values(members, 'groupId')?.slice(0, 3)).toEqual(['pods-checkout', 'pods-checkout', 'pods-checkout']);
  });

  it('rejects anomaly and outlier detail queries without their id', async () => {
    const ds = new SidecarDataSource();
    await expect(ds.query(request([sidecarQuery({ queryType: 'anomalySeries' })]))).rejects.toThrow(
      'needs an anomalyId'
    );
    await expect(ds.query(request([sidecarQuery({ queryType: 'outlierGroup' })]))).rejects.toThrow('needs a groupId');
  });

  it('fetches an SLO once for its summary, burn-down, exhaustion mark, error ratio and tables', async () => {
    const fake = fakeSidecarBackend({ [`${PROXY}/slos/payments-api-availability`]: ok(sloDetail(now)) });
    setBackendSrv(fake.backend);
    const types = ['sloSummary', 'sloBudget', 'sloExhaustion', 'sloErrorRatio', 'sloBurnRates', 'sloAlerts'] as const;
    const res = await new SidecarDataSource().query(
      request(types.map((queryType) => sidecarQuery({ queryType, sloId: 'payments-api-availability' })))
    );
    expect(fake.requests).toHaveLength(1);
    expect(res.data.map((f: { refId: string }) => f.refId)).toEqual([...types]);
    expect(values(res.data[0], 'outcome')).toEqual(['exhausts']);
    expect(values(res.data[2], 'exhaustion')).toEqual([null, 0, null]);
  });

  it("lists SLOs in the sidecar's order and cuts one SLO's rules out of the rule file", async () => {
    const file = [
      'groups:',
      '  - name: prophet-slo-alerts-cart-api-availability',
      '    rules: []',
      '  - name: prophet-slo-alerts-payments-api-availability',
      '    rules: []',
      '',
    ].join('\n');
    setBackendSrv(
      fakeSidecarBackend({ [`${PROXY}/slos`]: ok(sloList(now)), [`${PROXY}/slos/rules`]: ok(file) }).backend
    );
    const ds = new SidecarDataSource();
    const res = await ds.query(
      request([
        sidecarQuery({ queryType: 'sloList' }),
        sidecarQuery({ queryType: 'sloRules', sloId: 'payments-api-availability' }),
      ])
    );
    expect(values(res.data[0], 'id')?.slice(0, 2)).toEqual(['checkout-api-availability', 'payments-api-availability']);
    expect(values(res.data[1], 'yaml')).toEqual([
      'groups:\n  - name: prophet-slo-alerts-payments-api-availability\n    rules: []\n',
    ]);
    await expect(ds.query(request([sidecarQuery({ queryType: 'sloBudget' })]))).rejects.toThrow('needs a sloId');
  });
});
