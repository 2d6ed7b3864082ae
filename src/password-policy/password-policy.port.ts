import type { EntityManager } from 'typeorm';
import type { PasswordPolicySettings } from '../realms/realm-settings';

/** Rule codes of the contract (API.md, Password policy). */
export type PolicyRuleCode =
  | 'min_length'
  | 'max_length'
  | 'allowed_characters'
  | 'requires_letter'
  | 'requires_digit'
  | 'requires_lowercase'
  | 'requires_uppercase'
  | 'history'
  | 'contains_login'
  | 'too_common';

/** One broken rule; the exception filter turns `params` into a localized `message` (i18n key `policy.<rule>`). */
export interface PolicyViolation {
  rule: PolicyRuleCode;
  params?: Record<string, string | number>;
}

export interface PasswordSubject {
  login: string;
  /** Set for an existing user: enables the history rule. */
  userId?: string;
}

/** One password policy for sign-in, recovery and administration alike. */
export abstract class PasswordPolicy {
  /** Every violated rule at once (history checked with argon2 verify), empty when acceptable. */
  abstract violations(policy: PasswordPolicySettings, password: string, subject: PasswordSubject, manager?: EntityManager): Promise<PolicyViolation[]>;
  /** Throws DomainError('password_policy', { violations }) when any rule is broken. */
  abstract assertAcceptable(policy: PasswordPolicySettings, password: string, subject: PasswordSubject, manager?: EntityManager): Promise<void>;
  /**
   * Hashes the new password and records it in the user's history, inside the caller's
   * transaction; returns the hash for the caller to store on the user (with the same manager).
   */
  abstract hashAndRecord(userId: string, password: string, manager?: EntityManager): Promise<string>;
}
