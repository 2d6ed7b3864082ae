import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../common/errors/domain-error';
import { t } from '../i18n/i18n';
import { presetSettings } from '../realms/realm-settings';
import { PasswordHasher } from './password-hasher.port';
import type { PasswordHistoryStore } from './password-history.store';
import { PasswordPolicyService } from './password-policy.service';

/** Reversible "hash" so history can be checked without argon2's cost. */
class FakeHasher extends PasswordHasher {
  async hash(password: string): Promise<string> {
    return `h:${password}`;
  }
  async verify(hash: string, password: string): Promise<boolean> {
    return hash === `h:${password}`;
  }
  needsRehash(): boolean {
    return false;
  }
}

class FakeHistory {
  readonly rows = new Map<string, string[]>();
  async recentHashes(userId: string, limit: number): Promise<string[]> {
    return (this.rows.get(userId) ?? []).slice(0, limit);
  }
  async record(userId: string, hash: string): Promise<void> {
    this.rows.set(userId, [hash, ...(this.rows.get(userId) ?? [])]);
  }
}

function service(history = new FakeHistory()): PasswordPolicyService {
  return new PasswordPolicyService(new FakeHasher(), history as unknown as PasswordHistoryStore);
}

const merchant = presetSettings('merchant').passwordPolicy;
const standard = presetSettings('standard').passwordPolicy;
const rules = async (s: PasswordPolicyService, policy: typeof merchant, password: string, userId?: string) =>
  (await s.violations(policy, password, { login: 'shop.admin', userId })).map((v) => v.rule);

describe('PasswordPolicy', () => {
  it('merchant (manual 001): 8 to 20 characters inclusive, Latin letters and digits only, a letter and a digit', async () => {
    const s = service();
    assert.deepEqual(await rules(s, merchant, 'abcdefg1'), []);
    assert.deepEqual(await rules(s, merchant, 'ABCDEFGHIJKLMNOPQR12'), []);
    assert.deepEqual(await rules(s, merchant, 'password1'), [], 'the manual has no common-password rule');
    assert.deepEqual(await rules(s, merchant, 'abcdef1'), ['min_length']);
    assert.deepEqual(await rules(s, merchant, 'abcdefghijklmnopqrs12'), ['max_length']);
    assert.deepEqual(await rules(s, merchant, 'abcdefgh'), ['requires_digit']);
    assert.deepEqual(await rules(s, merchant, '12345678'), ['requires_letter']);
    assert.deepEqual(await rules(s, merchant, 'пароль12'), ['allowed_characters'], 'Cyrillic letters count as letters but are not allowed');
    assert.deepEqual(await rules(s, merchant, 'abc def12'), ['allowed_characters']);
  });

  it('merchant: refuses the last three passwords (the current one included), the fourth is free again', async () => {
    const history = new FakeHistory();
    const s = service(history);
    for (const p of ['first111', 'second22', 'third333', 'fourth44']) await s.hashAndRecord('u1', p);
    assert.deepEqual(await rules(s, merchant, 'fourth44', 'u1'), ['history']);
    assert.deepEqual(await rules(s, merchant, 'third333', 'u1'), ['history']);
    assert.deepEqual(await rules(s, merchant, 'second22', 'u1'), ['history']);
    assert.deepEqual(await rules(s, merchant, 'first111', 'u1'), []);
    assert.deepEqual(await rules(s, merchant, 'fourth44'), [], 'no user, no history');
  });

  it('standard / school (NIST SP 800-63B-4): 15–128 code points, any characters, no composition rules, too_common and contains_login', async () => {
    const s = service();
    const school = presetSettings('school').passwordPolicy;
    for (const policy of [standard, school]) {
      assert.deepEqual(await rules(s, policy, 'correct horse battery staple'), []);
      assert.deepEqual(await rules(s, policy, 'все буквы русские и длинные'), []);
      assert.deepEqual(await rules(s, policy, 'xK9mQ2vL7pR4wN'), ['min_length']);
      assert.deepEqual(await rules(s, policy, 'xK9mQ2vL7pR4wN8'), []);
      assert.deepEqual(await rules(s, policy, 'x'.repeat(129)), ['max_length', 'too_common']);
      assert.deepEqual(await rules(s, policy, 'passwordpassword'), ['too_common']);
      assert.deepEqual(await rules(s, policy, 'my shop.admin passphrase'), ['contains_login']);
    }
  });

  it('reports every broken rule at once, each with its numbers', async () => {
    const s = service();
    await s.hashAndRecord('u2', 'abc');
    const violations = await s.violations({ ...merchant, requireUppercase: true }, 'abc', { login: 'x', userId: 'u2' });
    assert.deepEqual(violations, [
      { rule: 'min_length', params: { min: 8 } },
      { rule: 'requires_digit', params: { min: 1 } },
      { rule: 'requires_uppercase', params: { min: 1 } },
      { rule: 'history', params: { count: 3 } },
    ]);
    assert.equal(t('ru', 'policy.min_length', violations[0].params), 'Пароль слишком короткий: минимальная длина — 8 симв.');
    assert.equal(t('en', 'policy.history', violations[3].params), 'The password cannot repeat any of your last 3 passwords.');
    assert.match(t('ru', 'policy.max_length', { max: 20 }), /20/);
  });

  it('assertAcceptable throws password_policy with details.violations', async () => {
    const s = service();
    await s.assertAcceptable(merchant, 'abcdefg1', { login: 'x' });
    await assert.rejects(
      () => s.assertAcceptable(merchant, 'short', { login: 'x' }),
      (e: unknown) => e instanceof DomainError && e.code === 'password_policy' && Array.isArray(e.details?.violations),
    );
  });
});
