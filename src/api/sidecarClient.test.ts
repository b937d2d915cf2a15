import { setBackendSrv } from '@grafana/runtime';
import { fail, fakeSidecarBackend, ok, PROXY } from '../test/fakeSidecarBackend';
import { forecastList } from '../test/fixtures';
import { CHECKOUT_ID, incidentList } from '../pages/Findings/findingsFixtures';
import { queryString, remediationAuditExportUrl, sidecarClient, SidecarRequestError } from './sidecarClient';

const now = Date.UTC(2026, 10, 1);

describe('sidecarClient', () => {
  it('calls the sidecar through the plugin proxy and returns the typed body', async () => {
    const fake = fakeSidecarBackend({ [`${PROXY}/forecasts`]: ok(forecastList(now)) });
    setBackendSrv(fake.backend);
    const list = await sidecarClient.listForecasts();
    expect(list.forecasts.map((f) => f.id)).toEqual(['mem-a', 'disk-b', 'disk-a']);
    expect(fake.requests[0]).toMatchObject({ url: `${PROXY}/forecasts`, method: 'GET', showErrorAlert: false });
  });

  it('encodes forecast ids in the path', async () => {
    const fake = fakeSidecarBackend({});
    setBackendSrv(fake.backend);
    await sidecarClient.getForecast('disk/a b').catch(() => undefined);
    expect(fake.requests[0].url).toBe(`${PROXY}/forecasts/disk%2Fa%20b`);
  });

  it('reaches the anomaly and outlier routes, encoding their ids', async () => {
    const fake = fakeSidecarBackend({});
    setBackendSrv(fake.backend);
    await Promise.allSettled([
      sidecarClient.listAnomalies(),
      sidecarClient.getAnomaly('cpu/a b'),
      sidecarClient.listOutliers(),
      sidecarClient.getOutlierGroup('pods/x y'),
    ]);
    expect(fake.requests.map((r) => r.url)).toEqual([
      `${PROXY}/anomalies`,
      `${PROXY}/anomalies/cpu%2Fa%20b`,
      `${PROXY}/outliers`,
      `${PROXY}/outliers/pods%2Fx%20y`,
    ]);
  });

  it('reaches the SLO routes, encoding ids, and reads the rule file as text', async () => {
    const yaml = 'groups:\n  - name: prophet-slo-alerts-payments-api-availability\n';
    const fake = fakeSidecarBackend({ [`${PROXY}/slos/rules`]: ok(yaml) });
    setBackendSrv(fake.backend);
    const [, , rules] = await Promise.allSettled([
      sidecarClient.listSlos(),
      sidecarClient.getSlo('payments/api x'),
      sidecarClient.getSloRules(),
    ]);
    expect(fake.requests.map((r) => r.url)).toEqual([
      `${PROXY}/slos`,
      `${PROXY}/slos/payments%2Fapi%20x`,
      `${PROXY}/slos/rules`,
    ]);
    // Grafana's BackendSrv would try to parse an untyped body as JSON; the rule file is YAML.
    expect(fake.requests.map((r) => r.responseType)).toEqual(['json', 'json', 'text']);
    expect(rules).toEqual({ status: 'fulfilled', value: yaml });
  });

  it('reaches the incident and findings routes with only the filters that are set, encoding ids', async () => {
    const list = incidentList(now);
    const fake = fakeSidecarBackend({ [`${PROXY}/incidents?severity=critical&status=open`]: ok(list) });
    setBackendSrv(fake.backend);
    const [open] = await Promise.allSettled([
      sidecarClient.listIncidents({ status: 'open', severity: 'critical', namespace: undefined }),
      sidecarClient.listIncidents(),
      sidecarClient.listIncidents({ namespace: 'shop & co' }),
      sidecarClient.getIncident(`${CHECKOUT_ID}/x y`),
      sidecarClient.listFindings({ namespace: 'payments', severity: 'warning' }),
      sidecarClient.listFindings({ namespace: '' }),
    ]);
    expect(open).toEqual({ status: 'fulfilled', value: list });
    expect(fake.requests.map((r) => r.url)).toEqual([
      `${PROXY}/incidents?severity=critical&status=open`,
      `${PROXY}/incidents`,
      `${PROXY}/incidents?namespace=shop+%26+co`,
      `${PROXY}/incidents/${CHECKOUT_ID}%2Fx%20y`,
      `${PROXY}/findings?namespace=payments&severity=warning`,
      `${PROXY}/findings`,
    ]);
  });

  it('builds query strings in key order from set values only', () => {
    expect(queryString({ status: 'resolved', namespace: 'a' })).toBe('?namespace=a&status=resolved');
    expect(queryString({ severity: undefined })).toBe('');
    expect(queryString()).toBe('');
  });

  it.each([
    [
      'the sidecar message for an ApiError body',
      fail(404, { error: 'Not Found', message: 'no forecast x', statusCode: 404 }),
      'Sidecar error 404: no forecast x',
      404,
    ],
    [
      'unreachable when the proxy answers 502',
      fail(502, { message: 'Bad Gateway' }),
      'Sidecar unreachable (502): check the sidecar URL in the app configuration',
      502,
    ],
    [
      'the sidecar message for a 401 from the sidecar',
      fail(401, { error: 'Unauthorized', message: 'bad token', statusCode: 401 }),
      'Sidecar error 401: bad token',
      401,
    ],
    [
      'a refusal for a bare 403 from Grafana',
      fail(403, { message: 'permission denied' }),
      'Sidecar request refused (403): check the token and your Grafana role',
      403,
    ],
    [
      'unreachable when there is no response at all',
      { unreachable: true } as const,
      'Sidecar unreachable: no response from Grafana or the sidecar',
      undefined,
    ],
  ])('maps errors: %s', async (_name, answer, message, status) => {
    setBackendSrv(fakeSidecarBackend({ [`${PROXY}/status`]: answer }).backend);
    const error = await sidecarClient.getStatus().catch((e) => e);
    expect(error).toBeInstanceOf(SidecarRequestError);
    expect(error.message).toBe(message);
    expect(error.status).toBe(status);
  });
});

describe('sidecarClient remediation calls', () => {
  it('reaches the remediation routes with lists comma-separated and ids encoded', async () => {
    const fake = fakeSidecarBackend({});
    setBackendSrv(fake.backend);
    await Promise.allSettled([
      sidecarClient.listRemediations({ state: ['proposed', 'approved'], incident: 'inc-1', target: '' }),
      sidecarClient.listRemediations({ state: [] }),
      sidecarClient.getRemediation('rem/a b'),
      sidecarClient.getRemediationPreview('rem-1'),
      sidecarClient.listRemediationPolicies(),
      sidecarClient.listRemediationAudit({ event: ['approved', 'rejected'], actor: 'editor', since: 1, until: 2 }),
      sidecarClient.whoami(),
    ]);
    expect(fake.requests.map((r) => r.url)).toEqual([
      `${PROXY}/remediations?incident=inc-1&state=proposed%2Capproved`,
      `${PROXY}/remediations`,
      `${PROXY}/remediations/rem%2Fa%20b`,
      `${PROXY}/remediations/rem-1/preview`,
      `${PROXY}/remediations/policies`,
      `${PROXY}/remediations/audit?actor=editor&event=approved%2Crejected&since=1&until=2`,
      `${PROXY}/whoami`,
    ]);
  });

  it('posts a decision with its comment and returns the sidecar answer', async () => {
    const answer = { changed: true, proposal: { id: 'rem-1', state: 'approved' } };
    const fake = fakeSidecarBackend({ [`POST ${PROXY}/remediations/rem-1/approve`]: ok(answer) });
    setBackendSrv(fake.backend);
    await expect(sidecarClient.decideRemediation('rem-1', 'approve', 'go')).resolves.toEqual(answer);
    await sidecarClient.decideRemediation('rem 2', 'reject', 'no').catch(() => undefined);
    expect(fake.requests.map((r) => [r.method, r.url, r.data])).toEqual([
      ['POST', `${PROXY}/remediations/rem-1/approve`, { comment: 'go' }],
      ['POST', `${PROXY}/remediations/rem%202/reject`, { comment: 'no' }],
    ]);
  });

  it.each([
    [
      "the sidecar's own 403, as it worded it",
      fail(403, { error: 'Forbidden', message: 'role Viewer may not approve', statusCode: 403 }),
      'Sidecar error 403: role Viewer may not approve',
    ],
    [
      "the Editor route, for the plugin proxy's 403",
      fail(403, { message: 'plugin proxy route access denied' }),
      'Grafana refused the request (403): approving and rejecting a remediation need the Editor role',
    ],
    [
      "the sidecar's 409",
      fail(409, { error: 'Conflict', message: 'proposal rem-1 is rejected', statusCode: 409 }),
      'Sidecar error 409: proposal rem-1 is rejected',
    ],
  ])('explains a refused decision: %s', async (_name, answer, message) => {
    setBackendSrv(fakeSidecarBackend({ [`POST ${PROXY}/remediations/rem-1/approve`]: answer }).backend);
    const error = await sidecarClient.decideRemediation('rem-1', 'approve', '').catch((e) => e);
    expect(error).toBeInstanceOf(SidecarRequestError);
    expect(error.message).toBe(message);
  });

  it('builds the audit export URL through the plugin proxy with the same filters', () => {
    expect(remediationAuditExportUrl({ proposal: 'rem-1', event: ['step'], since: 5 })).toBe(
      `${PROXY}/remediations/audit/export?event=step&proposal=rem-1&since=5`
    );
    expect(remediationAuditExportUrl()).toBe(`${PROXY}/remediations/audit/export`);
  });
});
