// The guards: each reason a draft may not become a proposal (namespaces, kinds, an open proposal, cooldown) and an
// approved proposal may not execute yet (concurrency, rate limit) or at all (blast radius), as sentences.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_REMEDIATION_POLICIES } from '../../../src/config/default-remediation-policies.ts';
import { checkExecutionGuards, checkProposalGuards } from '../../../src/remediation/policy/guards.ts';
import { matchPolicies } from '../../../src/remediation/policy/match-policies.ts';
import type { ProposalDraft, RemediationPolicy } from '../../../src/remediation/policy/policy-types.ts';
import type { ActionTarget } from '../../../src/remediation/types.ts';
import { inMemoryProposalHistory } from './in-memory-proposal-history.ts';
import { MIN, NOW, alert, checkoutIncident, policy, proposalFrom, standalone } from './policy-test-data.ts';

const RESTART = policy(DEFAULT_REMEDIATION_POLICIES[0]);
const NO_HISTORY = inMemoryProposalHistory([]);

function restartDraft(target: Partial<ActionTarget> = {}): ProposalDraft {
  const [draft] = matchPolicies([RESTART], checkoutIncident(), NOW, { globalDryRun: false }).drafts;
  return { ...draft, target: { ...draft.target, ...target } };
}

function withAction(base: RemediationPolicy, action: Partial<RemediationPolicy['action']>): RemediationPolicy {
  return { ...base, action: { ...base.action, ...action } };
}

test('kube-system is forbidden by default and only allowKubeSystem lifts it', () => {
  const coredns = restartDraft({ namespace: 'kube-system', name: 'coredns' });
  assert.deepEqual(checkProposalGuards(coredns, RESTART, NO_HISTORY, NOW), {
    ok: false,
    reason:
      'namespace kube-system is forbidden for policy restart-on-memory-leak: Deployment/kube-system/coredns is left alone',
    retryable: false,
  });
  const allowed = policy({
    ...DEFAULT_REMEDIATION_POLICIES[0],
    action: { ...DEFAULT_REMEDIATION_POLICIES[0].action, namespaces: { allowKubeSystem: true } },
  });
  assert.deepEqual(checkProposalGuards(coredns, allowed, NO_HISTORY, NOW), { ok: true });
  assert.deepEqual(checkProposalGuards(restartDraft(), RESTART, NO_HISTORY, NOW), { ok: true });
});

test('forbidden and allowed namespaces, patterns included; a silence belongs to its alert namespace', () => {
  const payments = restartDraft({ namespace: 'payments-eu', name: 'api' });
  const forbidPayments = withAction(RESTART, { namespaces: { allow: [], forbid: ['kube-system', '~payments-.*'] } });
  const result = checkProposalGuards(payments, forbidPayments, NO_HISTORY, NOW);
  assert.equal(result.ok, false);
  assert.equal(
    !result.ok && result.reason,
    'namespace payments-eu is forbidden for policy restart-on-memory-leak (forbid: ~payments-.*): Deployment/payments-eu/api is left alone'
  );
  const onlyShop = withAction(RESTART, { namespaces: { allow: ['shop', '~shop-.*'], forbid: ['kube-system'] } });
  assert.deepEqual(checkProposalGuards(payments, onlyShop, NO_HISTORY, NOW), {
    ok: false,
    reason:
      'namespace payments-eu is not among those policy restart-on-memory-leak may change (shop, ~shop-.*): Deployment/payments-eu/api is left alone',
    retryable: false,
  });
  assert.deepEqual(checkProposalGuards(restartDraft({ namespace: 'shop-canary' }), onlyShop, NO_HISTORY, NOW), {
    ok: true,
  });

  const silence = policy({
    name: 'silence-all',
    trigger: { alert: { labels: { alertname: '~.+' } } },
    action: { type: 'silence', params: { silenceDuration: '1h' } },
  });
  const coredns = alert({ alertname: 'KubePodCrashLooping', namespace: 'kube-system', pod: 'coredns-1' });
  const [draft] = matchPolicies([silence], standalone({ alerts: [coredns] }), NOW, { globalDryRun: false }).drafts;
  const blocked = checkProposalGuards(draft, silence, NO_HISTORY, NOW);
  assert.match(
    !blocked.ok ? blocked.reason : '',
    /^namespace kube-system is forbidden for policy silence-all: Alert\/fp-/
  );
});

test('a target kind the policy does not list is refused', () => {
  const podsOnly = withAction(RESTART, { kinds: ['Pod'] });
  assert.deepEqual(checkProposalGuards(restartDraft(), podsOnly, NO_HISTORY, NOW), {
    ok: false,
    reason: 'kinds: policy restart-on-memory-leak may change Pod, not a Deployment (Deployment/shop/checkout)',
    retryable: false,
  });
});

test('an open proposal for the same action and target blocks a second; final ones do not', () => {
  const draft = restartDraft();
  for (const state of ['proposed', 'approved', 'executing', 'succeeded'] as const) {
    const open = proposalFrom(draft, state, {
      id: 'rem-open',
      executedAt: state === 'executing' ? NOW - 40 * MIN : undefined,
    });
    assert.deepEqual(checkProposalGuards(draft, RESTART, inMemoryProposalHistory([open]), NOW), {
      ok: false,
      reason: `already proposed: rem-open (${state}) is the open rollout-restart proposal for Deployment/shop/checkout`,
      retryable: false,
    });
  }
  const history = inMemoryProposalHistory([
    proposalFrom(draft, 'rejected'),
    proposalFrom(draft, 'expired'),
    proposalFrom({ ...draft, target: { ...draft.target, name: 'cart' } }, 'proposed'),
    proposalFrom({ ...draft, action: 'rollback' }, 'proposed'),
  ]);
  assert.deepEqual(checkProposalGuards(draft, RESTART, history, NOW), { ok: true });
});

test('the cooldown counts from the last execution on this target for this action', () => {
  const draft = restartDraft();
  const history = inMemoryProposalHistory([
    proposalFrom(draft, 'verified', { executedAt: NOW - 50 * MIN }),
    proposalFrom(draft, 'not-verified', { executedAt: NOW - 12 * MIN }),
    proposalFrom({ ...draft, target: { ...draft.target, name: 'cart' } }, 'verified', { executedAt: NOW - MIN }),
    proposalFrom({ ...draft, action: 'rollback' }, 'verified', { executedAt: NOW - MIN }),
  ]);
  assert.deepEqual(checkProposalGuards(draft, RESTART, history, NOW), {
    ok: false,
    reason: 'cooldown: Deployment/shop/checkout was restarted 12m ago; next allowed in 18m (cooldown 30m)',
    retryable: true,
    retryAt: NOW + 18 * MIN,
  });
  assert.deepEqual(checkProposalGuards(draft, RESTART, history, NOW + 18 * MIN), { ok: true });
  const dry = inMemoryProposalHistory([proposalFrom(draft, 'failed', { executedAt: NOW - 90_000, dryRun: true })]);
  const result = checkProposalGuards(draft, RESTART, dry, NOW);
  assert.equal(
    !result.ok && result.reason,
    'cooldown: Deployment/shop/checkout was restarted (as a dry run) 1m ago; next allowed in 29m (cooldown 30m)'
  );
});

const IMPACT = { podsAffected: 3, replicasChanged: 0 };

test('the blast radius of the preview is checked against the policy', () => {
  const proposal = proposalFrom(restartDraft(), 'approved', { id: 'rem-1' });
  assert.deepEqual(checkExecutionGuards(proposal, RESTART, NO_HISTORY, NOW, IMPACT), { ok: true });
  assert.deepEqual(checkExecutionGuards(proposal, RESTART, NO_HISTORY, NOW, { podsAffected: 12, replicasChanged: 0 }), {
    ok: false,
    reason:
      'blast radius: rollout-restart of Deployment/shop/checkout affects 12 pods, more than the 10 policy restart-on-memory-leak allows',
    retryable: false,
  });
  assert.deepEqual(checkExecutionGuards(proposal, RESTART, NO_HISTORY, NOW, { podsAffected: 0, replicasChanged: 6 }), {
    ok: false,
    reason:
      'blast radius: rollout-restart of Deployment/shop/checkout changes 6 replicas, more than the 5 policy restart-on-memory-leak allows',
    retryable: false,
  });
});

test('executions of the same action running at once are limited; the proposal itself does not count', () => {
  const draft = restartDraft();
  const proposal = proposalFrom(draft, 'executing', { id: 'rem-self', executedAt: NOW });
  const cart = proposalFrom({ ...draft, target: { ...draft.target, name: 'cart' } }, 'executing', {
    executedAt: NOW - MIN,
  });
  const other = proposalFrom({ ...draft, action: 'delete-pod' }, 'executing', { executedAt: NOW - MIN });
  assert.deepEqual(checkExecutionGuards(proposal, RESTART, inMemoryProposalHistory([proposal, other]), NOW, IMPACT), {
    ok: true,
  });
  assert.deepEqual(checkExecutionGuards(proposal, RESTART, inMemoryProposalHistory([proposal, cart]), NOW, IMPACT), {
    ok: false,
    reason:
      'concurrency: 1 rollout-restart already executing (Deployment/shop/cart); policy restart-on-memory-leak allows 1 at a time, so this one waits',
    retryable: true,
  });
  const two = withAction(RESTART, { maxConcurrent: 2 });
  assert.deepEqual(checkExecutionGuards(proposal, two, inMemoryProposalHistory([proposal, cart]), NOW, IMPACT), {
    ok: true,
  });
});

test('executions started within the rate-limit window are limited, and say when the next may start', () => {
  const draft = restartDraft();
  const proposal = proposalFrom(draft, 'approved', { id: 'rem-self' });
  const startedAgo = [70, 50, 40, 30, 20, 10];
  const history = inMemoryProposalHistory([
    proposal,
    ...startedAgo.map((ago, i) =>
      proposalFrom({ ...draft, target: { ...draft.target, name: `app-${i}` } }, 'verified', {
        executedAt: NOW - ago * MIN,
      })
    ),
  ]);
  // Five in the last hour (the one 70 minutes ago has aged out): the one 50 minutes ago ages out in 10 minutes.
  assert.deepEqual(checkExecutionGuards(proposal, RESTART, history, NOW, IMPACT), {
    ok: false,
    reason:
      'rate limit: 5 rollout-restart executions started in the last 1h (policy restart-on-memory-leak allows 5); next allowed in 10m',
    retryable: true,
    retryAt: NOW + 10 * MIN,
  });
  assert.deepEqual(checkExecutionGuards(proposal, RESTART, history, NOW + 10 * MIN, IMPACT), { ok: true });
  const six = withAction(RESTART, { rateLimit: { max: 6, perMs: 60 * MIN } });
  assert.deepEqual(checkExecutionGuards(proposal, six, history, NOW, IMPACT), { ok: true });
});
