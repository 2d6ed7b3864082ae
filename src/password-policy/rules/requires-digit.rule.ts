import type { PolicyViolation } from '../password-policy.port';
import type { PolicyRule, RuleContext } from './policy-rule';

/** `requires_digit`: at least one decimal digit. */
export class RequiresDigitRule implements PolicyRule {
  readonly code = 'requires_digit' as const;
  check({ policy, password }: RuleContext): PolicyViolation | null {
    return policy.requireDigit && !/\p{Nd}/u.test(password) ? { rule: this.code, params: { min: 1 } } : null;
  }
}
