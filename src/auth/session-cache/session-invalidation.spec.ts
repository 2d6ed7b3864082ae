import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { invalidatesSessions, statementShape } from './session-invalidation';

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

describe('statementShape', () => {
  it('keeps the statement and drops every value, so one shape stands for every run and nothing secret is logged', () => {
    assert.equal(statementShape('UPDATE "users" SET "passwordHash" = $1, "updatedAt" = $2 WHERE "id" = $3'), 'UPDATE "users" SET "passwordHash" = ?, "updatedAt" = ? WHERE "id" = ?');
    assert.equal(statementShape(`UPDATE sessions SET "revokedAt" = '2000-01-01' WHERE "tokenHash" = 'abc''d' AND n > 12.5`), 'UPDATE sessions SET "revokedAt" = ? WHERE "tokenHash" = ? AND n > ?');
    assert.equal(statementShape('DELETE FROM "sessions" WHERE "id" IN ($1, $2, $3)'), statementShape('DELETE FROM "sessions" WHERE "id" IN ($1, $2)'));
    assert.equal(statementShape('UPDATE  "users"\n  SET "disabled" = ?   WHERE "id" = ?'), 'UPDATE "users" SET "disabled" = ? WHERE "id" = ?');
  });
});
