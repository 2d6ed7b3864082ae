import type { PolicyViolation } from '../password-policy.port';
import type { PolicyRule, RuleContext } from './policy-rule';

/** `requires_letter`: at least one letter (any script; the charset rule narrows it where needed). */
export class RequiresLetterRule implements PolicyRule {
  readonly code = 'requires_letter' as const;
  check({ policy, password }: RuleContext): PolicyViolation | null {
    return policy.requireLetter && !/\p{L}/u.test(password) ? { rule: this.code, params: { min: 1 } } : null;
  }
}
