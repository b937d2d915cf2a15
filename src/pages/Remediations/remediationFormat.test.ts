import type { RemediationProposal } from '../../api/types';
import {
  actorText,
  decisionPermission,
  diffLines,
  formatCountdown,
  isMoving,
  isOpenForDecision,
  targetText,
} from './remediationFormat';
import { CHECKOUT_DIFF } from './remediationFixtures';

const now = Date.UTC(2026, 10, 26, 10);

describe('remediation wording', () => {
  it('counts down with seconds under an hour and compactly beyond', () => {
    expect(formatCountdown(4 * 60_000 + 5_000)).toBe('4m 05s');
    expect(formatCountdown(42_000)).toBe('42s');
    expect(formatCountdown(2 * 3600_000 + 10 * 60_000)).toBe('2h 10m');
    expect(formatCountdown(-1)).toBe('0s');
  });

  it('names targets the way the sidecar writes them', () => {
    expect(targetText({ kind: 'Deployment', namespace: 'shop', name: 'checkout' })).toBe('Deployment/shop/checkout');
    expect(targetText({ kind: 'Node', namespace: null, name: 'ip-10-0-1-7' })).toBe('Node/ip-10-0-1-7');
  });

  it('names people with their role and the sidecar by its login', () => {
    expect(actorText({ type: 'user', login: 'editor', name: 'Eddie Editor', role: 'Editor' })).toBe(
      'Eddie Editor (editor), Editor'
    );
    expect(actorText({ type: 'user', login: 'ops', name: 'ops', role: 'Admin' })).toBe('ops, Admin');
    expect(actorText({ type: 'system', login: 'policy:restart', name: 'policy', role: null })).toBe('policy:restart');
  });

  it('offers decisions to Editors and Admins, explains why not to others, and lets the server decide when unknown', () => {
    const as = (role: 'Viewer' | 'Editor' | 'Admin' | 'None') =>
      decisionPermission({
        authenticated: true,
        user: { uid: 'u', login: 'u', email: '', name: 'u', role, orgId: 1 },
      });
    expect(as('Editor')).toEqual({ allowed: true, hint: null });
    expect(as('Admin')).toEqual({ allowed: true, hint: null });
    expect(as('Viewer')).toEqual({
      allowed: false,
      hint: 'Approving needs the Editor role; you are signed in as a Viewer.',
    });
    expect(as('None').allowed).toBe(false);
    expect(decisionPermission({ authenticated: false, reason: 'no X-Grafana-Id header' })).toEqual({
      allowed: false,
      hint: 'The sidecar cannot verify your Grafana identity, so it would refuse a decision: no X-Grafana-Id header',
    });
    expect(decisionPermission(undefined)).toEqual({ allowed: true, hint: null });
  });

  it('is open for a decision only while proposed and before its expiry', () => {
    expect(isOpenForDecision({ state: 'proposed', expiresAt: now + 1 }, now)).toBe(true);
    expect(isOpenForDecision({ state: 'proposed', expiresAt: now }, now)).toBe(false);
    expect(isOpenForDecision({ state: 'approved', expiresAt: now + 1 }, now)).toBe(false);
  });

  it('keeps watching a proposal while it runs or is being verified', () => {
    const p = (state: RemediationProposal['state'], until?: number) => ({
      state,
      dryRun: false,
      verification: until === undefined ? null : { until, clearedAt: null, lastCheckedAt: null, detail: '' },
    });
    expect(isMoving(p('approved'), now)).toBe(true);
    expect(isMoving(p('executing'), now)).toBe(true);
    expect(isMoving(p('succeeded', now + 60_000), now)).toBe(true);
    expect(isMoving(p('succeeded'), now)).toBe(false);
    expect(isMoving(p('succeeded', now - 10 * 60_000), now)).toBe(false);
    expect(isMoving(p('verified', now + 60_000), now)).toBe(false);
    expect(isMoving(p('proposed'), now)).toBe(false);
  });

  it('reads a unified diff line by line, without the rule jsdiff puts before each file', () => {
    const lines = diffLines(CHECKOUT_DIFF);
    expect(lines[0]).toEqual({ kind: 'file', text: '--- a/Deployment/shop/checkout' });
    expect(lines.map((l) => l.kind)).toEqual([
      'file',
      'file',
      'hunk',
      'context',
      'context',
      'context',
      'remove',
      'add',
      'add',
      'context',
      'context',
      'context',
    ]);
    expect(diffLines('')).toEqual([]);
    expect(diffLines('\\ No newline at end of file\n')).toEqual([
      { kind: 'note', text: '\\ No newline at end of file' },
    ]);
  });
});
