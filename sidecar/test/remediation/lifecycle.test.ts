// The lifecycle table, checked pair by pair against the state diagram, and the errors a bad change raises.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertPermittedChange, canTransition, isFinalState } from '../../src/remediation/lifecycle.ts';
import { PROPOSAL_STATES } from '../../src/remediation/names.ts';
import type { ProposalState, RemediationProposal } from '../../src/remediation/types.ts';
import { proposal } from '../store/remediation-fixtures.ts';

// Written out from the issue (proposed → approved | rejected | expired → executing → succeeded | failed → verified |
// not verified), not derived from lifecycle.ts, so a wrong table fails here.
const EDGES: ReadonlyArray<[ProposalState, ProposalState]> = [
  ['proposed', 'approved'],
  ['proposed', 'rejected'],
  ['proposed', 'expired'],
  ['approved', 'executing'],
  ['executing', 'succeeded'],
  ['executing', 'failed'],
  ['succeeded', 'verified'],
  ['succeeded', 'not-verified'],
];
const PROGRESSING: readonly ProposalState[] = ['proposed', 'approved', 'executing', 'succeeded'];

test('exactly the edges of the lifecycle are allowed, plus progress updates in a state that is not final', () => {
  for (const from of PROPOSAL_STATES) {
    for (const to of PROPOSAL_STATES) {
      const expected = from === to ? PROGRESSING.includes(from) : EDGES.some(([a, b]) => a === from && b === to);
      assert.equal(canTransition(from, to), expected, `${from} → ${to}`);
    }
  }
});

test('rejected, expired, failed, verified and not-verified are final; the others are not', () => {
  assert.deepEqual(
    PROPOSAL_STATES.filter((s) => isFinalState(s)),
    ['rejected', 'expired', 'failed', 'verified', 'not-verified']
  );
});

test('an unknown state is never a permitted target or source', () => {
  assert.equal(canTransition('proposed', 'done' as ProposalState), false);
  assert.equal(canTransition('done' as ProposalState, 'proposed'), false);
});

test('assertPermittedChange names the proposal, both states and what is allowed', () => {
  const current = proposal('p1', { state: 'approved' });
  assert.doesNotThrow(() => assertPermittedChange(current, { ...current, state: 'executing' }));
  assert.throws(
    () => assertPermittedChange(current, { ...current, state: 'succeeded' }),
    new Error(
      'remediation proposal p1: approved → succeeded is not a lifecycle transition (allowed: approved, executing)'
    )
  );
  assert.throws(
    () => assertPermittedChange(proposal('p2', { state: 'verified' }), proposal('p2', { state: 'proposed' })),
    /p2: verified → proposed is not a lifecycle transition \(verified is final\)/
  );
  assert.throws(
    () => assertPermittedChange(current, { ...current, id: 'p9' }),
    /p1: the change function changed the id to p9/
  );
  assert.throws(
    () => assertPermittedChange(current, undefined as unknown as RemediationProposal),
    /p1: the change function returned undefined, not a proposal/
  );
});
