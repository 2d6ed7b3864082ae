import type { PolicyViolation } from '../password-policy.port';
import type { PolicyRule, RuleContext } from './policy-rule';

const LATIN_ALPHANUMERIC = /^[A-Za-z0-9]*$/;
// `any` = every printable character: control characters, lone surrogates and unassigned code
// points are refused because they cannot be typed reliably and render differently everywhere.
const NOT_PRINTABLE = /[\p{Cc}\p{Cs}\p{Cn}]/u;

/** `allowed_characters`: `latin-alphanumeric` (A–Z, a–z, 0–9, as merchant manual 001) or `any` printable. */
export class AllowedCharactersRule implements PolicyRule {
  readonly code = 'allowed_characters' as const;
  check({ policy, password }: RuleContext): PolicyViolation | null {
    if (policy.charset === 'latin-alphanumeric') {
      return LATIN_ALPHANUMERIC.test(password) ? null : { rule: this.code, params: { allowed: 'A–Z, a–z, 0–9' } };
    }
    return NOT_PRINTABLE.test(password) ? { rule: this.code, params: { allowed: 'U+0020–U+10FFFF' } } : null;
  }
}
