import type { PolicyViolation } from '../password-policy.port';
import type { PolicyRule, RuleContext } from './policy-rule';

/** `max_length`: at most `maxLength` code points (never truncated: a longer one is refused). */
export class MaxLengthRule implements PolicyRule {
  readonly code = 'max_length' as const;
  check({ policy, codePoints }: RuleContext): PolicyViolation | null {
    return codePoints.length > policy.maxLength ? { rule: this.code, params: { max: policy.maxLength } } : null;
  }
}
