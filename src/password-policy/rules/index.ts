import { AllowedCharactersRule } from './allowed-characters.rule';
import { ContainsLoginRule } from './contains-login.rule';
import { HistoryRule } from './history.rule';
import { MaxLengthRule } from './max-length.rule';
import { MinLengthRule } from './min-length.rule';
import type { PolicyRule } from './policy-rule';
import { RequiresDigitRule } from './requires-digit.rule';
import { RequiresLetterRule } from './requires-letter.rule';
import { RequiresLowercaseRule } from './requires-lowercase.rule';
import { RequiresUppercaseRule } from './requires-uppercase.rule';
import { TooCommonRule } from './too-common.rule';

/** Every rule, in the order violations are reported (cheap checks first, history last). */
export const POLICY_RULES: readonly PolicyRule[] = [
  new MinLengthRule(),
  new MaxLengthRule(),
  new AllowedCharactersRule(),
  new RequiresLetterRule(),
  new RequiresDigitRule(),
  new RequiresLowercaseRule(),
  new RequiresUppercaseRule(),
  new ContainsLoginRule(),
  new TooCommonRule(),
  new HistoryRule(),
];
