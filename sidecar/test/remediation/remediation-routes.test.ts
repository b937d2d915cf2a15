// The remediation REST API through the real app (bearer token, X-Grafana-Id verified against the fake Grafana's
// keys): who may approve, what each refusal says, 100 approvals sent in parallel executing once, filters, the audit
// log with its chain check and its JSON download.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import type { RemediationAuditList, RemediationList, RemediationProposal } from '../../src/api/contract.ts';
import { registerRemediationRoutes } from '../../src/remediation/remediation-routes.ts';
import { buildApp, createLogger } from '../../src/api/index.ts';
import { loadConfig } from '../../src/config/index.ts';
import { auth, fakeForecastReader, fakeSourceHealth, TOKEN } from '../api/fakes.ts';
import {
  fakeGrafanaSigningKeys,
  type FakeGrafanaSigningKeys,
  type FakeGrafanaUser,
} from '../doubles/fake-grafana-signing-keys.ts';
import { harness, MIN, type Harness } from './harness.ts';

const edna = { uid: 'u1', login: 'edna', email: 'edna@example.com', name: 'Edna', role: 'Editor' as const };
const vic = { uid: 'u3', login: 'vic', email: 'vic@example.com', name: 'Vic', role: 'Viewer' as const };

let grafana: FakeGrafanaSigningKeys;
before(async () => {
  grafana = await fakeGrafanaSigningKeys();
});
after(() => grafana.close());

/**
 * The app over a harness's manager. requireIdentity false (grafana.requireIdentity in config): requests without
 * X-Grafana-Id pass the app's check, so the manager's own answer to them shows.
 */
async function setup(
  t: { after(fn: () => unknown): void },
  requireIdentity = true
): Promise<{ h: Harness; app: FastifyInstance; proposal: RemediationProposal }> {
  const h = harness();
  const config = loadConfig({ env: { PROPHET_TOKEN: TOKEN, PROPHET_GRAFANA_URL: grafana.url } });
  config.grafana.requireIdentity = requireIdentity;
  const app = buildApp({
    config,
    logger: createLogger('silent'),
    forecasts: fakeForecastReader(),
    sourceHealth: fakeSourceHealth().get,
    mode: 'demo',
    version: 'test',
    registry: new Registry(),
    extraRoutes: (routes) =>
      registerRemediationRoutes(routes, { manager: h.manager, policies: () => ({ dryRun: false, policies: [] }) }),
  });
  t.after(async () => {
    await app.close();
    await h.manager.idle();
    h.close();
  });
  const proposal = await h.propose();
  return { h, app, proposal };
}

const as = async (user: FakeGrafanaUser | null) =>
  user ? { ...auth, 'x-grafana-id': await grafana.sign(user) } : auth;

function decide(
  app: FastifyInstance,
  id: string,
  decision: 'approve' | 'reject',
  headers: Record<string, string>,
  body: unknown = { comment: '' }
) {
  return app.inject({ method: 'POST', url: `/api/remediations/${id}/${decision}`, headers, payload: body as object });
}

test('approve: no identity → 401, a Viewer → 403 naming the role, and nothing changes', async (t) => {
  const { h, app, proposal } = await setup(t, false);
  const anonymous = await decide(app, proposal.id, 'approve', await as(null));
  assert.equal(anonymous.statusCode, 401);
  assert.deepEqual(anonymous.json(), {
    error: 'Unauthorized',
    statusCode: 401,
    message:
      "approving needs a verified Grafana identity: call through Grafana's plugin proxy with ID forwarding (X-Grafana-Id)",
  });
  const viewer = await decide(app, proposal.id, 'approve', await as(vic));
  assert.equal(viewer.statusCode, 403);
  assert.equal(
    viewer.json().message,
    'approving a remediation needs the Editor or Admin role in Grafana; vic is Viewer'
  );
  // A forged identity header never gets as far as the role check.
  const forged = await decide(app, proposal.id, 'approve', {
    ...auth,
    'x-grafana-id': await grafana.sign(edna, { key: await grafana.otherKey() }),
  });
  assert.equal(forged.statusCode, 401);
  assert.equal(h.manager.get(proposal.id)!.state, 'proposed');
  assert.deepEqual(h.backend.runs, []);
});

test('100 approvals of one proposal sent in parallel: one changes it, the others answer changed:false, each step runs once', async (t) => {
  const { h, app, proposal } = await setup(t);
  const headers = await as(edna);
  const replies = await Promise.all(
    Array.from({ length: 100 }, () => decide(app, proposal.id, 'approve', headers, { comment: 'ship it' }))
  );
  await h.manager.idle();
  assert.deepEqual([...new Set(replies.map((r) => r.statusCode))], [200]);
  assert.equal(replies.filter((r) => r.json().changed === true).length, 1);
  assert.equal(h.store.remediation.listAudit({ proposalId: proposal.id, events: ['approved'] }).length, 1);
  assert.deepEqual(h.backend.runs, ['patch-deployment', 'delete-pod']);
  const stored = h.manager.get(proposal.id)!;
  assert.equal(stored.state, 'succeeded');
  assert.deepEqual(stored.decision?.by, { type: 'user', login: 'edna', name: 'Edna', role: 'Editor' });
});

test('reject needs a non-empty comment (400); approving a rejected proposal is a 409 naming who rejected it', async (t) => {
  const { app, proposal } = await setup(t);
  const headers = await as(edna);
  assert.equal((await decide(app, proposal.id, 'reject', headers, { comment: '' })).statusCode, 400);
  assert.equal((await decide(app, proposal.id, 'reject', headers, { comment: '   ' })).statusCode, 400);
  assert.equal((await decide(app, proposal.id, 'reject', headers, {})).statusCode, 400);
  const rejected = await decide(app, proposal.id, 'reject', headers, { comment: 'not during the sale' });
  assert.equal(rejected.statusCode, 200, rejected.body);
  assert.equal(rejected.json().proposal.state, 'rejected');
  const late = await decide(app, proposal.id, 'approve', headers);
  assert.equal(late.statusCode, 409);
  assert.match(
    late.json().message,
    /was rejected by edna at .* \("not during the sale"\); it can no longer be approved/
  );
});

test('an expired proposal answers 409 and is recorded expired; unknown ids 404', async (t) => {
  const { h, app, proposal } = await setup(t);
  h.now = proposal.expiresAt + MIN;
  const reply = await decide(app, proposal.id, 'approve', await as(edna));
  assert.equal(reply.statusCode, 409);
  assert.equal(
    reply.json().message,
    `proposal ${proposal.id} expired at ${new Date(proposal.expiresAt).toISOString()}; it can no longer be approved`
  );
  assert.equal(h.manager.get(proposal.id)!.state, 'expired');
  const missing = await app.inject({ url: '/api/remediations/rem-nope', headers: await as(vic) });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().message, 'no remediation proposal "rem-nope"');
  assert.equal((await decide(app, 'rem-nope', 'approve', await as(edna))).statusCode, 404);
});

test('list, one proposal, preview and filters; unknown filter values are 400s naming them', async (t) => {
  const { app, proposal } = await setup(t, false);
  const list = (
    await app.inject({ url: '/api/remediations?state=proposed,approved', headers: auth })
  ).json() as RemediationList;
  assert.deepEqual(
    list.proposals.map((p) => p.id),
    [proposal.id]
  );
  assert.deepEqual(list.counts, { proposed: 1 });
  assert.equal(list.backend, 'simulator');
  assert.equal(list.dryRun, false);
  const none = (await app.inject({ url: '/api/remediations?state=verified', headers: auth })).json() as RemediationList;
  assert.deepEqual(none.proposals, []);
  const bad = await app.inject({ url: '/api/remediations?state=proposed,done', headers: auth });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().message, /querystring\/state: unknown value "done"/);
  assert.equal((await app.inject({ url: '/api/remediations?action=reboot', headers: auth })).statusCode, 400);
  const one = await app.inject({ url: `/api/remediations/${proposal.id}`, headers: auth });
  assert.equal(one.json().id, proposal.id);
  const preview = await app.inject({ url: `/api/remediations/${proposal.id}/preview`, headers: auth });
  assert.equal(preview.statusCode, 200);
  assert.equal(preview.json().summary, 'rollout-restart Deployment/shop/checkout');
  assert.equal((await app.inject({ url: '/api/remediations/policies', headers: auth })).json().dryRun, false);
  assert.equal((await app.inject({ url: '/api/remediations' })).statusCode, 401, 'bearer token required');
});

test('the audit log: filters, the chain check, and the export as an attachment', async (t) => {
  const { h, app, proposal } = await setup(t, false);
  await decide(app, proposal.id, 'approve', await as(edna), { comment: 'go' });
  await h.manager.idle();
  const audit = (
    await app.inject({ url: `/api/remediations/audit?proposal=${proposal.id}`, headers: auth })
  ).json() as RemediationAuditList;
  assert.deepEqual(audit.chain, { ok: true, entries: audit.entries.length, firstBrokenSeq: null });
  assert.deepEqual(audit.entries.map((e) => e.event).slice(0, 3), ['proposed', 'approved', 'execution-started']);
  const approvals = (
    await app.inject({ url: '/api/remediations/audit?event=approved,rejected&actor=edna', headers: auth })
  ).json() as RemediationAuditList;
  assert.deepEqual(
    approvals.entries.map((e) => [e.event, e.actor.login, e.comment]),
    [['approved', 'edna', 'go']]
  );
  assert.equal((await app.inject({ url: '/api/remediations/audit?event=deleted', headers: auth })).statusCode, 400);

  const exported = await app.inject({ url: '/api/remediations/audit/export?event=step', headers: auth });
  assert.equal(exported.statusCode, 200);
  assert.equal(exported.headers['content-disposition'], 'attachment; filename="prophet-remediation-audit.json"');
  const entries = exported.json() as Array<{ event: string; hash: string }>;
  assert.equal(entries.length, 4);
  assert.ok(entries.every((e) => e.event === 'step' && /^[0-9a-f]{64}$/.test(e.hash)));
});
