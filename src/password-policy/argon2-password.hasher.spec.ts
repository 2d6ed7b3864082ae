import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Argon2PasswordHasher } from './argon2-password.hasher';

describe('Argon2PasswordHasher concurrency bound', () => {
  it('runs at most `concurrency` hashes at once and answers every caller', async () => {
    const hasher = new Argon2PasswordHasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 }, 2);
    let peak = 0;
    const probe = setInterval(() => (peak = Math.max(peak, (hasher as unknown as { running: number }).running)), 0);
    const hashes = await Promise.all(Array.from({ length: 6 }, (_, i) => hasher.hash(`password ${i}`)));
    clearInterval(probe);
    assert.ok(peak <= 2, `peak ${peak}`);
    const checks = await Promise.all(hashes.map((h, i) => hasher.verify(h, `password ${i}`)));
    assert.deepEqual(checks, [true, true, true, true, true, true]);
    assert.equal(await hasher.verify(hashes[0], 'wrong'), false);
    assert.equal((hasher as unknown as { running: number }).running, 0);
  });
});
