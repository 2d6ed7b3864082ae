import type { PolicyViolation } from '../password-policy.port';
import type { PolicyRule, RuleContext } from './policy-rule';

/** `min_length`: at least `minLength` code points. */
export class MinLengthRule implements PolicyRule {
  readonly code = 'min_length' as const;
  check({ policy, codePoints }: RuleContext): PolicyViolation | null {
    return codePoints.length < policy.minLength ? { rule: this.code, params: { min: policy.minLength } } : null;
  }
}
