import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import type { PolicyViolation } from '../password-policy.port';
import type { PolicyRule, RuleContext } from './policy-rule';

/**
 * zxcvbn score below this is "too common": score 0–1 means under ~10^6 guesses, i.e. found in or
 * trivially derived from the common-password and word dictionaries (repeats, sequences, keyboard
 * walks, "password1"). NIST SP 800-63B asks for exactly such a blocklist check.
 */
export const MIN_ZXCVBN_SCORE = 2;

/** `too_common`: refused when zxcvbn-ts, with its common-password dictionaries, guesses it quickly. */
export class TooCommonRule implements PolicyRule {
  readonly code = 'too_common' as const;
  private static zxcvbn?: ZxcvbnFactory;

  check({ policy, password, login }: RuleContext): PolicyViolation | null {
    if (!policy.rejectCommon) return null;
    const result = TooCommonRule.estimator().check(password, [login]);
    return result.score < MIN_ZXCVBN_SCORE ? { rule: this.code } : null;
  }

  /** Built once: loading the dictionaries takes a moment and they never change. */
  private static estimator(): ZxcvbnFactory {
    // Required here, not at start: the dictionaries take ~45 MB and only password checks need them.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { ZxcvbnFactory: Factory } = require('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core');
    const common = require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
    const english = require('@zxcvbn-ts/language-en') as typeof import('@zxcvbn-ts/language-en');
    /* eslint-enable @typescript-eslint/no-require-imports */
    TooCommonRule.zxcvbn ??= new Factory({
      dictionary: { ...common.dictionary, ...english.dictionary },
      graphs: common.adjacencyGraphs,
      translations: english.translations,
    });
    return TooCommonRule.zxcvbn;
  }
}
