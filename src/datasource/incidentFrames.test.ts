import { DataFrame, DataQueryRequest, dateTime, getDefaultTimeRange } from '@grafana/data';
import { setBackendSrv } from '@grafana/runtime';
import {
  CHECKOUT_ID,
  checkoutIncident,
  findingList,
  incidentList,
  paymentsIncident,
} from '../pages/Findings/findingsFixtures';
import { fakeSidecarBackend, ok, PROXY } from '../test/fakeSidecarBackend';
import { INCIDENT_FRAME_TYPES } from './incidentFrames';
import { SidecarDataSource, SidecarQuery, sidecarQuery } from './SidecarDataSource';

const now = Date.UTC(2026, 10, 26, 13, 49);
const MIN = 60_000;

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

const values = (frame: DataFrame, name: string) => frame.fields.find((f) => f.name === name)?.values;
const byRefId = (frames: DataFrame[]) => Object.fromEntries(frames.map((f) => [f.refId, f]));

async function incidentFrames(routes: Record<string, ReturnType<typeof ok>>) {
  const fake = fakeSidecarBackend(routes);
  setBackendSrv(fake.backend);
  const queries = INCIDENT_FRAME_TYPES.map((queryType) => sidecarQuery({ queryType, incidentId: CHECKOUT_ID }));
  const res = await new SidecarDataSource().query(request(queries));
  return { frames: byRefId(res.data), fake };
}

describe('incident frames', () => {
  it('builds every part of an incident from one fetch', async () => {
    const { frames, fake } = await incidentFrames({ [`${PROXY}/incidents/${CHECKOUT_ID}`]: ok(checkoutIncident(now)) });
    expect(fake.requests.map((r) => r.url)).toEqual([`${PROXY}/incidents/${CHECKOUT_ID}`]);
    expect(Object.keys(frames)).toEqual(INCIDENT_FRAME_TYPES);
    expect(values(frames.incidentSummary, 'title')).toEqual([
      'ContainerMemoryLimitPredicted on Deployment shop/checkout',
    ]);
    // The headline counts the evidence and names the first-ranked suggestion, as the list does.
    expect(values(frames.incidentSummary, 'counts')).toEqual([
      { alerts: 2, firing: 2, findings: 0, anomalies: 1, forecasts: 2, events: 0 },
    ]);
    expect(values(frames.incidentSummary, 'topSuggestion')).toEqual([
      'Restart Deployment shop/checkout before its memory reaches the limit',
    ]);
  });

  it('ranks suggestions, orders the timeline by time and the forecasts by their crossing', async () => {
    const incident = checkoutIncident(now);
    incident.timeline.reverse();
    incident.forecasts.reverse();
    const { frames } = await incidentFrames({ [`${PROXY}/incidents/${CHECKOUT_ID}`]: ok(incident) });
    expect(values(frames.incidentSuggestions, 'rank')).toEqual([1, 2]);
    const at = values(frames.incidentTimeline, 'at') as number[];
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(values(frames.incidentForecasts, 'crossesAt')).toEqual([now + 16 * MIN, now + 51 * MIN]);
  });

  it('names each piece of evidence briefly, adding what tells same-named ones apart', async () => {
    const { frames } = await incidentFrames({ [`${PROXY}/incidents/${CHECKOUT_ID}`]: ok(checkoutIncident(now)) });
    const evidence = frames.incidentEvidence;
    expect(values(evidence, 'type')).toEqual(['alert', 'alert', 'anomaly', 'forecast', 'forecast']);
    expect(values(evidence, 'label')).toEqual([
      'ContainerMemoryLimitPredicted · checkout-7b7gb67g55-862k6',
      'ContainerMemoryLimitPredicted · checkout-7b7gb67g55-9drqk',
      'Workload memory (largest pod)',
      // Both forecasts are "Container memory vs limit": the label that differs tells them apart.
      'Container memory vs limit · checkout-7b7gb67g55-862k6',
      'Container memory vs limit · checkout-7b7gb67g55-9drqk',
    ]);
    expect(values(evidence, 'externalUrl')?.[0]).toMatch(/^http:\/\/prometheus\.example:9090\/graph\?/);
    expect(values(evidence, 'externalUrl')?.slice(2)).toEqual([null, null, null]);
  });

  it('falls back to full titles when no label tells two same-named items apart', async () => {
    const incident = checkoutIncident(now);
    incident.forecasts = incident.forecasts.map((f) => ({ ...f, title: 'Container memory vs limit' }));
    const { frames } = await incidentFrames({ [`${PROXY}/incidents/${CHECKOUT_ID}`]: ok(incident) });
    expect(values(frames.incidentEvidence, 'label')?.slice(3)).toEqual([
      'Container memory vs limit',
      'Container memory vs limit',
    ]);
  });

  it("gives events the sidecar's evidence id and an empty explanation frame when there is none", async () => {
    const payments = paymentsIncident(now);
    const { frames } = await incidentFrames({
      [`${PROXY}/incidents/${CHECKOUT_ID}`]: ok({ ...payments, id: CHECKOUT_ID, explanation: null }),
    });
    expect(values(frames.incidentEvents, 'evidenceId')).toEqual(['Pod/api-rmjrbjd4m2-nrxmp/Unhealthy']);
    expect(values(frames.incidentEvidence, 'id')).toContain('Pod/api-rmjrbjd4m2-nrxmp/Unhealthy');
    expect(frames.incidentExplanation.length).toBe(0);
  });

  it('asks for open incidents only when the query says so, keeping the sidecar order', async () => {
    const fake = fakeSidecarBackend({
      [`${PROXY}/incidents?status=open`]: ok(incidentList(now)),
      [`${PROXY}/incidents`]: ok(incidentList(now)),
    });
    setBackendSrv(fake.backend);
    const res = await new SidecarDataSource().query(
      request([
        sidecarQuery({ queryType: 'incidentList', incidentStatus: 'open', refId: 'open' }),
        sidecarQuery({ queryType: 'incidentList', refId: 'all' }),
      ])
    );
    expect(fake.requests.map((r) => r.url)).toEqual([`${PROXY}/incidents?status=open`, `${PROXY}/incidents`]);
    expect(values(res.data[1], 'status')).toEqual(['open', 'open', 'resolved']);
  });

  it('needs an incident id for the detail types', async () => {
    setBackendSrv(fakeSidecarBackend({}).backend);
    await expect(
      new SidecarDataSource().query(request([sidecarQuery({ queryType: 'incidentTimeline' })]))
    ).rejects.toThrow('Query incidentTimeline (incidentTimeline) needs an incidentId');
  });
});

describe('finding frames', () => {
  it('sorts findings by severity, then namespace, and reports the watch state, from one fetch', async () => {
    const fake = fakeSidecarBackend({ [`${PROXY}/findings`]: ok(findingList(now, { state: 'degraded' })) });
    setBackendSrv(fake.backend);
    const res = await new SidecarDataSource().query(
      request([sidecarQuery({ queryType: 'findingList' }), sidecarQuery({ queryType: 'findingSource' })])
    );
    const [list, source] = res.data;
    expect(fake.requests).toHaveLength(1);
    expect(values(list, 'id')).toEqual([
      'k8sgpt/shopcheckout',
      'k8sgpt/frontendpending',
      'k8sgpt/paymentsapi',
      'k8sgpt/frontendhpa',
    ]);
    expect(values(list, 'errors')?.[0]).toHaveLength(2);
    expect(values(source, 'state')).toEqual(['degraded']);
    expect(values(source, 'kind')).toEqual(['simulator']);
  });
});
