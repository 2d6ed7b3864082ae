import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../common/errors/domain-error';
import { assertTransition, canTransition, OPEN_STATES } from './flow-states';

describe('recovery flow states', () => {
  it('allow the forward steps only', () => {
    assert.ok(canTransition('requested', 'code_sent'));
    assert.ok(canTransition('code_sent', 'code_sent'), 'a resend');
    assert.ok(canTransition('code_sent', 'code_verified'));
    assert.ok(canTransition('code_verified', 'completed'));
    assert.ok(!canTransition('requested', 'code_verified'));
    assert.ok(!canTransition('code_verified', 'code_sent'));
    assert.ok(!canTransition('completed', 'code_sent'));
  });

  it('refuse with the contract codes', () => {
    assert.throws(() => assertTransition('requested', 'code_verified'), (e: DomainError) => e.code === 'flow_state_invalid');
    assert.throws(() => assertTransition('locked', 'code_sent'), (e: DomainError) => e.code === 'flow_locked');
  });

  it('treat completed, locked and cancelled as terminal', () => {
    assert.deepEqual([...OPEN_STATES], ['requested', 'code_sent', 'code_verified']);
  });
});
