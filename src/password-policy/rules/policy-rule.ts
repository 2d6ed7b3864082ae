import type { PasswordPolicySettings } from '../../realms/realm-settings';
import type { PolicyRuleCode, PolicyViolation } from '../password-policy.port';

/** What a rule may look at. History is loaded lazily: only the history rule pays for it. */
export interface RuleContext {
  policy: PasswordPolicySettings;
  password: string;
  /** The password split into Unicode code points (lengths are counted in code points). */
  codePoints: string[];
  login: string;
  /** Hashes of the last passwords (the current one first); empty for a new user. */
  previousHashes: () => Promise<string[]>;
  verify: (hash: string, password: string) => Promise<boolean>;
}

/** One rule of the policy engine; answers its violation, or null when satisfied or switched off. */
export interface PolicyRule {
  readonly code: PolicyRuleCode;
  check(ctx: RuleContext): PolicyViolation | null | Promise<PolicyViolation | null>;
}
