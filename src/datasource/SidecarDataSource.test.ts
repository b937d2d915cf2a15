import { DataQueryRequest, dateTime, FieldType, getDefaultTimeRange } from '@grafana/data';
import { setBackendSrv } from '@grafana/runtime';
import { fakeSidecarBackend, ok, PROXY } from '../test/fakeSidecarBackend';
import { forecastDetail, forecastList } from '../test/fixtures';
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
});
