import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePhoneNumberFromString } from 'libphonenumber-js/mobile';
import { callingCodeOf, decoyPhone, hiddenDigits, maskPhone } from './phone-mask';

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

  it('derives stable, plausible decoy numbers in the calling code asked for', () => {
    const hex = 'a3f1c2d4e5b6978812345678';
    assert.equal(decoyPhone(hex, '7'), decoyPhone(hex, '7'));
    assert.match(decoyPhone(hex, '7'), /^\+79\d{9}$/);
    assert.match(decoyPhone(hex, '1'), /^\+1[2-9]\d{2}[2-9]\d{6}$/);
    assert.notEqual(decoyPhone(hex, '7'), decoyPhone('b3f1c2d4e5b6978812345678', '7'));
    for (const [code, country] of [['375', 'BY'], ['49', 'DE'], ['380', 'UA'], ['44', 'GB']] as const) {
      const phone = decoyPhone(hex, code);
      const parsed = parsePhoneNumberFromString(phone);
      assert.ok(parsed?.isValid(), phone);
      assert.equal(parsed!.country, country, phone);
      assert.equal(parsed!.getType(), 'MOBILE', phone);
    }
  });

  it('names the calling code a number starts with', () => {
    assert.equal(callingCodeOf('+79533541234'), '7');
    assert.equal(callingCodeOf('375'), '375');
    assert.equal(callingCodeOf('+12015550123'), '1');
    assert.equal(callingCodeOf('+4915123456789'), '49');
  });
});
