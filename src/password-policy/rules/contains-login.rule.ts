import { normalizeLogin } from '../../users/login';
import type { PolicyViolation } from '../password-policy.port';
import type { PolicyRule, RuleContext } from './policy-rule';

/**
 * Logins shorter than this are not looked for: a one- or two-letter login would forbid a large
 * share of all passwords without making any of them harder to guess.
 */
export const MIN_LOGIN_LENGTH = 3;

/** `contains_login`: the password must not contain the login (compared case-insensitively). */
export class ContainsLoginRule implements PolicyRule {
  readonly code = 'contains_login' as const;
  check({ policy, password, login }: RuleContext): PolicyViolation | null {
    if (!policy.rejectContainsLogin) return null;
    const needle = normalizeLogin(login);
    if ([...needle].length < MIN_LOGIN_LENGTH) return null;
    return normalizeLogin(password).includes(needle) ? { rule: this.code } : null;
  }
}
