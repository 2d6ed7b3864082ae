import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import type { PasswordPolicySettings } from '../realms/realm-settings';
import { PasswordHasher } from './password-hasher.port';
import { PasswordHistoryStore } from './password-history.store';
import { PasswordPolicy, PasswordSubject, PolicyViolation } from './password-policy.port';
import { POLICY_RULES } from './rules';
import type { RuleContext } from './rules/policy-rule';

/** The rule engine behind the `PasswordPolicy` port: every rule runs, every violation is reported. */
@Injectable()
export class PasswordPolicyService extends PasswordPolicy {
  constructor(
    private readonly hasher: PasswordHasher,
    private readonly history: PasswordHistoryStore,
  ) {
    super();
  }

  async violations(policy: PasswordPolicySettings, password: string, subject: PasswordSubject, manager?: EntityManager): Promise<PolicyViolation[]> {
    const { userId } = subject;
    const ctx: RuleContext = {
      policy,
      password,
      codePoints: [...password],
      login: subject.login,
      previousHashes: () => (userId ? this.history.recentHashes(userId, policy.historySize, manager) : Promise.resolve([])),
      verify: (hash, candidate) => this.hasher.verify(hash, candidate),
    };
    const found: PolicyViolation[] = [];
    for (const rule of POLICY_RULES) {
      const violation = await rule.check(ctx);
      if (violation) found.push(violation);
    }
    return found;
  }

  async assertAcceptable(policy: PasswordPolicySettings, password: string, subject: PasswordSubject, manager?: EntityManager): Promise<void> {
    const violations = await this.violations(policy, password, subject, manager);
    if (violations.length) throw new DomainError('password_policy', { violations });
  }

  async hashAndRecord(userId: string, password: string, manager?: EntityManager): Promise<string> {
    const hash = await this.hasher.hash(password);
    await this.history.record(userId, hash, manager);
    return hash;
  }
}
