import React from 'react';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { dateTime } from '@grafana/data';
import { setBackendSrv } from '@grafana/runtime';
import { EmbeddedScene, SceneFlexItem, SceneFlexLayout, SceneTimeRange } from '@grafana/scenes';
import { FakeAnswer, fakeSidecarBackend, ok, PROXY } from '../../test/fakeSidecarBackend';
import { AuditScene, auditFilter } from './AuditScene';
import { auditList, RESTART_ID } from './remediationFixtures';

const now = Date.now();
// A fixed range, so since/until are known: 2026-11-26 00:00 to 12:00 UTC.
const FROM = Date.UTC(2026, 10, 26, 0);
const TO = Date.UTC(2026, 10, 26, 12);
const RANGE = `since=${FROM}&until=${TO}`;
const AUDIT_URL = `${PROXY}/remediations/audit`;

function renderAudit(routes: Record<string, FakeAnswer>, audit = new AuditScene()) {
  const fake = fakeSidecarBackend(routes);
  setBackendSrv(fake.backend);
  const scene = new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: new Date(FROM).toISOString(), to: new Date(TO).toISOString() }),
    body: new SceneFlexLayout({ children: [new SceneFlexItem({ body: audit })] }),
  });
  render(<scene.Component model={scene} />);
  return { fake, audit };
}

const rows = async () =>
  within(await screen.findByRole('table', { name: 'Audit log' }))
    .getAllByRole('row')
    .slice(1);

describe('Audit tab', () => {
  it('lists the entries newest first: time, event, proposal, action, target, actor with role, comment, detail', async () => {
    renderAudit({ [`${AUDIT_URL}?${RANGE}`]: ok(auditList(now)) });
    const [started, approved, proposed] = await rows();
    expect(within(started).getAllByRole('cell')[0]).toHaveTextContent('3');
    expect(
      within(approved)
        .getAllByRole('cell')
        .map((c) => c.textContent)
        .slice(2)
    ).toEqual([
      'approved',
      RESTART_ID,
      'Rollout restart',
      'Deployment/shop/checkout',
      'Eddie Editor (editor), Editor',
      'leak confirmed, restart now',
      'fromproposedtoapproved',
    ]);
    expect(within(approved).getByRole('link', { name: RESTART_ID })).toHaveAttribute(
      'href',
      `/a/prophet-aiops-app/remediations/${RESTART_ID}`
    );
    expect(within(proposed).getByText('policy:restart-leaking-deployment')).toBeInTheDocument();
  });

  it('says the hash chain is intact, with how many entries it covers', async () => {
    renderAudit({ [`${AUDIT_URL}?${RANGE}`]: ok(auditList(now)) });
    expect(await screen.findByTestId('audit-chain')).toHaveTextContent('Hash chain intact: 3 entries');
  });

  it('says where the hash chain breaks', async () => {
    const broken = auditList(now, { chain: { ok: false, entries: 3, firstBrokenSeq: 2 } });
    renderAudit({ [`${AUDIT_URL}?${RANGE}`]: ok(broken) });
    const chain = await screen.findByTestId('audit-chain');
    expect(chain).toHaveTextContent(/^Chain broken at #2: an entry was changed or removed outside the sidecar/);
    expect(chain).toHaveAttribute('role', 'alert');
  });

  it('asks the sidecar for the time range as since/until and the filters from the URL', async () => {
    const audit = new AuditScene();
    const filtered = `${AUDIT_URL}?actor=editor&event=approved&proposal=${RESTART_ID}&${RANGE}`;
    const { fake } = renderAudit(
      { [`${AUDIT_URL}?${RANGE}`]: ok(auditList(now)), [filtered]: ok(auditList(now)) },
      audit
    );
    await rows();
    act(() => audit.updateFromUrl({ event: 'approved', actor: 'editor', proposal: RESTART_ID, action: 'nonsense' }));
    await rows();
    expect(fake.requests.map((r) => r.url)).toEqual([`${AUDIT_URL}?${RANGE}`, filtered]);
    expect(audit.getUrlState()).toEqual({
      event: 'approved',
      action: undefined,
      actor: 'editor',
      target: undefined,
      proposal: RESTART_ID,
    });
  });

  it('applies a text filter when Enter is pressed', async () => {
    const target = `${AUDIT_URL}?since=${FROM}&target=Deployment%2Fshop%2Fcheckout&until=${TO}`;
    const { fake } = renderAudit({ [`${AUDIT_URL}?${RANGE}`]: ok(auditList(now)), [target]: ok(auditList(now)) });
    await rows();
    const field = screen.getByRole('textbox', { name: 'Target' });
    fireEvent.change(field, { target: { value: ' Deployment/shop/checkout ' } });
    expect(fake.requests).toHaveLength(1);
    fireEvent.keyDown(field, { key: 'Enter' });
    await rows();
    expect(fake.requests.map((r) => r.url)).toEqual([`${AUDIT_URL}?${RANGE}`, target]);
  });

  it('exports the same selection as a JSON download through the plugin proxy', async () => {
    const audit = new AuditScene({ event: 'approved', actor: 'editor' });
    renderAudit({ [`${AUDIT_URL}?actor=editor&event=approved&${RANGE}`]: ok(auditList(now)) }, audit);
    await rows();
    const exportLink = screen.getByRole('link', { name: /Export JSON/ });
    expect(exportLink).toHaveAttribute(
      'href',
      `${PROXY}/remediations/audit/export?actor=editor&event=approved&${RANGE}`
    );
    expect(exportLink).toHaveAttribute('download', 'prophet-remediation-audit.json');
  });

  it('maps the filters and time range to the query the sidecar reads', () => {
    const range = { from: dateTime(FROM), to: dateTime(TO), raw: { from: 'now-12h', to: 'now' } };
    expect(auditFilter({ event: 'step', target: 'Node/ip-10-0-1-7' }, range)).toEqual({
      event: ['step'],
      action: undefined,
      actor: undefined,
      target: 'Node/ip-10-0-1-7',
      proposal: undefined,
      since: FROM,
      until: TO,
    });
  });

  it('shows a blocked proposal (never made, so without an id) unlinked, and times and durations readably', async () => {
    const list = auditList(now);
    list.entries.push({
      ...list.entries[0],
      seq: 4,
      event: 'blocked',
      proposalId: '',
      comment: 'cooldown: Deployment/shop/checkout was restarted 5m ago',
      detail: { retryAt: Date.UTC(2026, 10, 26, 10, 30), waitedMs: 104_018 },
    });
    renderAudit({ [`${AUDIT_URL}?${RANGE}`]: ok(list) });
    const [blocked] = await rows();
    expect(within(blocked).getAllByRole('cell')[3]).toHaveTextContent('—');
    expect(within(blocked).queryByRole('link')).toBeNull();
    expect(within(blocked).getAllByRole('cell')[8]).toHaveTextContent('retryAt2026-11-26 10:30:00waitedMs1m');
  });

  it('says when nothing matches', async () => {
    renderAudit({ [`${AUDIT_URL}?${RANGE}`]: ok(auditList(now, { entries: [] })) });
    expect(await screen.findByText('No audit entry matches these filters in this time range.')).toBeInTheDocument();
  });
});
