import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { base32Decode, base32Encode, hotp, matchStep, otpauthUrl, timeStep, totpAt } from './totp';

// RFC 6238 appendix B: the SHA-1 seed "12345678901234567890", 8 digits there; the last 6 digits here.
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890', 'ascii'));

describe('TOTP (RFC 6238)', () => {
  it('gives the RFC test vectors (last six digits)', () => {
    const vectors: Array<[number, string]> = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
    ];
    for (const [seconds, code] of vectors) assert.equal(totpAt(RFC_SECRET, new Date(seconds * 1000)), code.slice(2));
  });

  it('round-trips base32', () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255, 7]);
    assert.deepEqual(base32Decode(base32Encode(bytes)), bytes);
    assert.equal(hotp(Buffer.from('12345678901234567890'), 0), '755224');
  });

  it('accepts one step of drift either way, not two', () => {
    const now = new Date('2026-01-15T10:00:10Z');
    const step = timeStep(now);
    assert.equal(matchStep(RFC_SECRET, totpAt(RFC_SECRET, now), now, null), step);
    assert.equal(matchStep(RFC_SECRET, totpAt(RFC_SECRET, new Date(now.getTime() - 30_000)), now, null), step - 1);
    assert.equal(matchStep(RFC_SECRET, totpAt(RFC_SECRET, new Date(now.getTime() + 30_000)), now, null), step + 1);
    assert.equal(matchStep(RFC_SECRET, totpAt(RFC_SECRET, new Date(now.getTime() - 60_000)), now, null), null);
  });

  it('refuses the last used step and earlier ones', () => {
    const now = new Date('2026-01-15T10:00:10Z');
    const code = totpAt(RFC_SECRET, now);
    assert.equal(matchStep(RFC_SECRET, code, now, timeStep(now)), null);
    assert.equal(matchStep(RFC_SECRET, code, now, timeStep(now) - 1), timeStep(now));
    assert.equal(matchStep(RFC_SECRET, 'abcdef', now, null), null);
  });

  it('builds the otpauth URL', () => {
    assert.match(otpauthUrl('Demo', 'anna', 'ABC'), /^otpauth:\/\/totp\/Demo:anna\?secret=ABC&issuer=Demo/);
  });
});
