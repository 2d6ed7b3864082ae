import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeRecoveryCode } from './recovery-codes.service';

describe('recovery code input', () => {
  it('ignores case, spaces and dashes', () => {
    assert.equal(normalizeRecoveryCode(' abcd-EFGH ijkl-mnop '), 'ABCDEFGHIJKLMNOP');
  });
});
