import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDatabaseUnavailable } from './database-unavailable';

describe('isDatabaseUnavailable', () => {
  it('a SQLite write lock held by another process past the busy timeout is "unavailable" (503), not a bug (500)', () => {
    assert.equal(isDatabaseUnavailable({ message: 'database is locked', driverError: { code: 'SQLITE_BUSY' } }), true);
    assert.equal(isDatabaseUnavailable({ driverError: { code: 'SQLITE_BUSY_SNAPSHOT' } }), true);
    assert.equal(isDatabaseUnavailable({ driverError: { code: 'SQLITE_LOCKED' } }), true);
    assert.equal(isDatabaseUnavailable({ driverError: { code: 'SQLITE_CONSTRAINT_UNIQUE' } }), false);
  });

  it('PostgreSQL: an unreachable server is unavailable, a bad statement is not', () => {
    assert.equal(isDatabaseUnavailable({ driverError: { code: 'ECONNREFUSED' } }), true);
    assert.equal(isDatabaseUnavailable({ code: '57P01' }), true);
    assert.equal(isDatabaseUnavailable({ code: '23505' }), false);
  });
});
