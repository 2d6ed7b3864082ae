import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decoyPhone, hiddenDigits, maskPhone } from './phone-mask';

describe('phone masking', () => {
  it('hides the last digits as the school manual shows', () => {
    assert.equal(maskPhone('+79533541234', 4), '7953354****');
    assert.equal(hiddenDigits('+79533541234', 4), '1234');
    assert.equal(maskPhone('+79533541234', 2), '795335412**');
  });

  it('never hides the whole number nor nothing', () => {
    assert.equal(maskPhone('+12', 9), '1*');
    assert.equal(maskPhone('+79533541234', 0), '7953354123*');
  });

  it('derives stable, plausible decoy numbers', () => {
    const hex = 'a3f1c2d4e5b6978812345678';
    assert.equal(decoyPhone(hex, 'ru'), decoyPhone(hex, 'ru'));
    assert.match(decoyPhone(hex, 'ru'), /^\+79\d{9}$/);
    assert.match(decoyPhone(hex, 'en'), /^\+1[2-9]\d{2}[2-9]\d{6}$/);
    assert.notEqual(decoyPhone(hex, 'ru'), decoyPhone('b3f1c2d4e5b6978812345678', 'ru'));
  });
});
