import type { PolicyViolation } from '../password-policy.port';
import type { PolicyRule, RuleContext } from './policy-rule';

/**
 * `history`: not one of the last `historySize` passwords, the current one included. Hashes are
 * salted, so each is checked with the hasher's verify, newest first, stopping at the first match.
 */
export class HistoryRule implements PolicyRule {
  readonly code = 'history' as const;
  async check({ policy, password, previousHashes, verify }: RuleContext): Promise<PolicyViolation | null> {
    if (policy.historySize < 1) return null;
    const hashes = (await previousHashes()).slice(0, policy.historySize);
    for (const hash of hashes) {
      if (await verify(hash, password)) return { rule: this.code, params: { count: policy.historySize } };
    }
    return null;
  }
}
