import type { PolicyViolation } from '../password-policy.port';
import type { PolicyRule, RuleContext } from './policy-rule';

/** `requires_uppercase`: at least one uppercase letter. */
export class RequiresUppercaseRule implements PolicyRule {
  readonly code = 'requires_uppercase' as const;
  check({ policy, password }: RuleContext): PolicyViolation | null {
    return policy.requireUppercase && !/\p{Lu}/u.test(password) ? { rule: this.code, params: { min: 1 } } : null;
  }
}
