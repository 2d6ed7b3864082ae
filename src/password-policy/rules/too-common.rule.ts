import type { PolicyViolation } from '../password-policy.port';
import { CommonPasswordEstimator } from './common-password-estimator';
import type { PolicyRule, RuleContext } from './policy-rule';

/**
 * zxcvbn score below this is "too common": score 0–1 means under ~10^6 guesses, i.e. found in or
 * trivially derived from the common-password and word dictionaries (repeats, sequences, keyboard
 * walks, "password1"). NIST SP 800-63B asks for exactly such a blocklist check.
 */
export const MIN_ZXCVBN_SCORE = 2;

/** One per process: the dictionaries are loaded in its worker while checks come, then released. */
const sharedEstimator = new CommonPasswordEstimator();

/** `too_common`: refused when zxcvbn-ts, with its common-password dictionaries, guesses it quickly. */
export class TooCommonRule implements PolicyRule {
  readonly code = 'too_common' as const;

  constructor(private readonly estimator: CommonPasswordEstimator = sharedEstimator) {}

  async check({ policy, password, login }: RuleContext): Promise<PolicyViolation | null> {
    if (!policy.rejectCommon) return null;
    const score = await this.estimator.score(password, [login]);
    return score < MIN_ZXCVBN_SCORE ? { rule: this.code } : null;
  }
}
