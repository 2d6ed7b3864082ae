import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { presetSettings, type PasswordPolicySettings } from '../../realms/realm-settings';
import { AllowedCharactersRule } from './allowed-characters.rule';
import { ContainsLoginRule } from './contains-login.rule';
import { HistoryRule } from './history.rule';
import { MaxLengthRule } from './max-length.rule';
import { MinLengthRule } from './min-length.rule';
import type { PolicyRule, RuleContext } from './policy-rule';
import { RequiresDigitRule } from './requires-digit.rule';
import { RequiresLetterRule } from './requires-letter.rule';
import { RequiresLowercaseRule } from './requires-lowercase.rule';
import { RequiresUppercaseRule } from './requires-uppercase.rule';
import { TooCommonRule } from './too-common.rule';

const BASE: PasswordPolicySettings = {
  minLength: 8,
  maxLength: 20,
  charset: 'any',
  requireLetter: false,
  requireDigit: false,
  requireLowercase: false,
  requireUppercase: false,
  historySize: 3,
  rejectCommon: false,
  rejectContainsLogin: false,
};

function ctx(password: string, policy: Partial<PasswordPolicySettings> = {}, extra: Partial<RuleContext> = {}): RuleContext {
  return {
    policy: { ...BASE, ...policy },
    password,
    codePoints: [...password],
    login: 'anna.k',
    previousHashes: async () => [],
    verify: async (hash, candidate) => hash === `h:${candidate}`,
    ...extra,
  };
}

async function broken(rule: PolicyRule, c: RuleContext): Promise<boolean> {
  return (await rule.check(c)) !== null;
}

describe('password rules', () => {
  it('min_length: counts code points, the minimum itself passes, one less fails, with the number', async () => {
    const rule = new MinLengthRule();
    assert.equal(await broken(rule, ctx('a'.repeat(8))), false);
    assert.deepEqual(rule.check(ctx('a'.repeat(7))), { rule: 'min_length', params: { min: 8 } });
    // 8 emoji are 16 UTF-16 units but 8 code points: exactly long enough, and 7 are not.
    assert.equal(await broken(rule, ctx('😀'.repeat(8))), false);
    assert.equal(await broken(rule, ctx('😀'.repeat(7))), true);
    assert.equal(await broken(rule, ctx('')), true);
  });

  it('max_length: the maximum passes, one more fails (never truncated), counted in code points', async () => {
    const rule = new MaxLengthRule();
    assert.equal(await broken(rule, ctx('a'.repeat(20))), false);
    assert.deepEqual(rule.check(ctx('a'.repeat(21))), { rule: 'max_length', params: { max: 20 } });
    assert.equal(await broken(rule, ctx('ж'.repeat(20))), false);
    assert.equal(await broken(rule, ctx('😀'.repeat(20))), false);
    assert.equal(await broken(rule, ctx('😀'.repeat(21))), true);
  });

  it('allowed_characters latin-alphanumeric: A–Z a–z 0–9 only; no space, punctuation, Cyrillic or accents', async () => {
    const rule = new AllowedCharactersRule();
    const latin = { charset: 'latin-alphanumeric' as const };
    assert.equal(await broken(rule, ctx('AZaz09Qq', latin)), false);
    for (const bad of ['abc def1', 'abc-def1', 'пароль12', 'café1234', 'abc_1234', 'Ａbc12345', 'abc12345\n']) {
      assert.deepEqual(rule.check(ctx(bad, latin)), { rule: 'allowed_characters', params: { allowed: 'A–Z, a–z, 0–9' } }, bad);
    }
  });

  it('allowed_characters any: every printable character incl. spaces, Cyrillic and emoji; control characters refused', async () => {
    const rule = new AllowedCharactersRule();
    assert.equal(await broken(rule, ctx('пароль с пробелами & знаками! 😀')), false);
    assert.equal(await broken(rule, ctx('tab\there')), true);
    assert.equal(await broken(rule, ctx('nul\u0000x')), true);
    assert.equal(await broken(rule, ctx('lone\ud800surrogate')), true);
  });

  it('requires_letter / requires_digit / requires_lowercase / requires_uppercase: only when switched on', async () => {
    const cases: Array<[PolicyRule, keyof PasswordPolicySettings, string, string]> = [
      [new RequiresLetterRule(), 'requireLetter', '12345678', '1234567a'],
      [new RequiresDigitRule(), 'requireDigit', 'abcdefgh', 'abcdefg1'],
      [new RequiresLowercaseRule(), 'requireLowercase', 'ABCDEFG1', 'ABCDEFg1'],
      [new RequiresUppercaseRule(), 'requireUppercase', 'abcdefg1', 'abcdefG1'],
    ];
    for (const [rule, flag, without, withOne] of cases) {
      assert.equal(await broken(rule, ctx(without, { [flag]: false })), false, `${rule.code} off`);
      assert.deepEqual(await rule.check(ctx(without, { [flag]: true })), { rule: rule.code, params: { min: 1 } });
      assert.equal(await broken(rule, ctx(withOne, { [flag]: true })), false, `${rule.code} satisfied by one`);
    }
    // Letters of any script count as letters (and as lower/upper case).
    assert.equal(await broken(new RequiresLetterRule(), ctx('пароль', { requireLetter: true })), false);
    assert.equal(await broken(new RequiresUppercaseRule(), ctx('Пароль', { requireUppercase: true })), false);
  });

  it('contains_login: case-insensitive substring, only when on, logins under 3 characters ignored', async () => {
    const rule = new ContainsLoginRule();
    const on = { rejectContainsLogin: true };
    assert.deepEqual(rule.check(ctx('my ANNA.K password', on)), { rule: 'contains_login' });
    assert.equal(await broken(rule, ctx('my ANNA.K password')), false);
    assert.equal(await broken(rule, ctx('anna k is not the login', on)), false);
    assert.equal(await broken(rule, ctx('xxabxx', on, { login: 'ab' })), false);
    assert.equal(await broken(rule, ctx('xxabcxx', on, { login: 'abc' })), true);
  });

  it('too_common: dictionary words, repeats, sequences and keyboard walks refused; strong passphrases pass', async () => {
    const rule = new TooCommonRule();
    const on = { rejectCommon: true, maxLength: 128 };
    for (const weak of ['password', 'passwordpassword', '123456789012345', 'qwertyuiopasdfgh', 'iloveyouiloveyou', 'aaaaaaaaaaaaaaaa', 'letmein123456789']) {
      assert.deepEqual(await rule.check(ctx(weak, on)), { rule: 'too_common' }, weak);
    }
    for (const strong of ['correct horse battery staple', 'xK9mQ2vL7pR4wN8', 'a long enough passphrase 1']) {
      assert.equal(await broken(rule, ctx(strong, on)), false, strong);
    }
    assert.equal(await broken(rule, ctx('password')), false, 'off unless rejectCommon');
  });

  it('history: the last historySize hashes, newest first, the current one included; older ones are free again', async () => {
    const rule = new HistoryRule();
    const hashes = ['h:current', 'h:previous', 'h:third', 'h:fourth'];
    const withHistory = { previousHashes: async () => hashes };
    assert.deepEqual(await rule.check(ctx('current', {}, withHistory)), { rule: 'history', params: { count: 3 } });
    assert.equal(await broken(rule, ctx('previous', {}, withHistory)), true);
    assert.equal(await broken(rule, ctx('third', {}, withHistory)), true);
    assert.equal(await broken(rule, ctx('fourth', {}, withHistory)), false, 'the fourth one back is outside a history of 3');
    assert.equal(await broken(rule, ctx('fourth', { historySize: 4 }, withHistory)), true);
    assert.equal(await broken(rule, ctx('previous', { historySize: 1 }, withHistory)), false);
    assert.equal(await broken(rule, ctx('current', { historySize: 0 }, withHistory)), false);
    assert.equal(await broken(rule, ctx('brand new', {}, withHistory)), false);
  });

  it('the presets carry the manual numbers', () => {
    assert.deepEqual(presetSettings('merchant').passwordPolicy, { ...BASE, charset: 'latin-alphanumeric', requireLetter: true, requireDigit: true });
    assert.deepEqual(presetSettings('standard').passwordPolicy, { ...BASE, minLength: 15, maxLength: 128, rejectCommon: true, rejectContainsLogin: true });
    assert.deepEqual(presetSettings('school').passwordPolicy, presetSettings('standard').passwordPolicy);
  });
});
