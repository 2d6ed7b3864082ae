import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { invalidatesSessions } from './session-invalidation';

describe('invalidatesSessions', () => {
  it('counts revocations, user changes and deletions', () => {
    assert.equal(invalidatesSessions('UPDATE "sessions" SET "revokedAt" = $1 WHERE "id" = $2 AND "revokedAt" IS NULL'), true);
    assert.equal(invalidatesSessions('UPDATE "users" SET "disabled" = $1, "updatedAt" = $2 WHERE "id" = $3'), true);
    assert.equal(invalidatesSessions('DELETE FROM "sessions" WHERE "expiresAt" < $1'), true);
    assert.equal(invalidatesSessions('DELETE FROM "users" WHERE "id" = $1'), true);
    assert.equal(invalidatesSessions('update users set roles = ?'), true);
  });

  it('ignores writes that a session check neither reads nor returns, and other tables', () => {
    assert.equal(invalidatesSessions('UPDATE "users" SET "failedLogins" = "failedLogins" + 1 WHERE id = $1 AND ("lockedUntil" IS NULL)'), false);
    assert.equal(invalidatesSessions('UPDATE "users" SET "failedLogins" = $1, "lockedUntil" = $2 WHERE id = $3'), false);
    assert.equal(invalidatesSessions('UPDATE "sessions" SET "lastSeenAt" = $1 WHERE "id" = $2'), false);
    assert.equal(invalidatesSessions('INSERT INTO "sessions"("id") VALUES ($1)'), false);
    assert.equal(invalidatesSessions('UPDATE "recovery_flows" SET "state" = $1'), false);
    assert.equal(invalidatesSessions('SELECT * FROM "users"'), false);
  });
});
