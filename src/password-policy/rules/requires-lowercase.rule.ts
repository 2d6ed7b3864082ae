import type { PolicyViolation } from '../password-policy.port';
import type { PolicyRule, RuleContext } from './policy-rule';

/** `requires_lowercase`: at least one lowercase letter. */
export class RequiresLowercaseRule implements PolicyRule {
  readonly code = 'requires_lowercase' as const;
  check({ policy, password }: RuleContext): PolicyViolation | null {
    return policy.requireLowercase && !/\p{Ll}/u.test(password) ? { rule: this.code, params: { min: 1 } } : null;
  }
}
