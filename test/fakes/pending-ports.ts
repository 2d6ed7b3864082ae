import { randomBytes, randomUUID } from 'node:crypto';
import { Global, Injectable, Module } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccessRequests, AccessRequestView } from '../../src/admin/access-requests.port';
import { ResetLinks } from '../../src/admin/reset-links.port';
import { AuditService } from '../../src/audit/audit.service';
import { AccountLockout } from '../../src/auth/sessions.port';
import { Clock } from '../../src/common/time/clock';
import { DomainError } from '../../src/common/errors/domain-error';
import { PasswordHasher } from '../../src/password-policy/password-hasher.port';
import { PasswordPolicy, PasswordSubject, PolicyViolation } from '../../src/password-policy/password-policy.port';
import type { PasswordPolicySettings } from '../../src/realms/realm-settings';
import { UsersService } from '../../src/users/users.service';

/**
 * Stand-ins for ports other modules implement (password policy and lockout: auth; reset links
 * and access requests: recovery), for admin tests written before those modules were merged.
 */
@Injectable()
export class FakePasswordPolicy extends PasswordPolicy {
  constructor(private readonly hasher: PasswordHasher) {
    super();
  }
  async violations(policy: PasswordPolicySettings, password: string, subject: PasswordSubject): Promise<PolicyViolation[]> {
    const out: PolicyViolation[] = [];
    const length = [...password].length;
    if (length < policy.minLength) out.push({ rule: 'min_length', params: { min: policy.minLength } });
    if (length > policy.maxLength) out.push({ rule: 'max_length', params: { max: policy.maxLength } });
    if (policy.charset === 'latin-alphanumeric' && !/^[A-Za-z0-9]*$/.test(password)) out.push({ rule: 'allowed_characters' });
    if (policy.requireDigit && !/\d/.test(password)) out.push({ rule: 'requires_digit' });
    if (policy.rejectContainsLogin && password.toLowerCase().includes(subject.login.toLowerCase())) out.push({ rule: 'contains_login' });
    return out;
  }
  async assertAcceptable(policy: PasswordPolicySettings, password: string, subject: PasswordSubject): Promise<void> {
    const violations = await this.violations(policy, password, subject);
    if (violations.length) throw new DomainError('password_policy', { violations });
  }
  async hashAndRecord(_userId: string, password: string): Promise<string> {
    return this.hasher.hash(password);
  }
}

@Injectable()
export class FakeAccountLockout extends AccountLockout {
  constructor(
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {
    super();
  }
  async unlock(input: { realmId: string; userId: string; organizationId: string | null; actorId: string | null; ip?: string | null }, manager?: EntityManager): Promise<void> {
    await this.users.update(input.userId, { failedLogins: 0, lockedUntil: null }, manager);
    await this.audit.record({ realmId: input.realmId, type: 'account.unlocked', actorId: input.actorId, userId: input.userId, organizationId: input.organizationId, ip: input.ip }, manager);
  }
}

@Injectable()
export class FakeResetLinks extends ResetLinks {
  readonly issued: Array<{ userId: string; token: string; expiresAt: Date; revoked: boolean }> = [];
  constructor(private readonly clock: Clock) {
    super();
  }
  async issue(input: { realmId: string; realmSlug: string; userId: string; ttlSeconds: number }): Promise<{ link: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.now().getTime() + input.ttlSeconds * 1000);
    this.issued.push({ userId: input.userId, token, expiresAt, revoked: false });
    return { link: `http://localhost:3000/realms/${input.realmSlug}/reset-password?token=${token}`, expiresAt };
  }
  async revokeAllForUser(userId: string): Promise<void> {
    for (const t of this.issued) if (t.userId === userId) t.revoked = true;
  }
}

@Injectable()
export class FakeAccessRequests extends AccessRequests {
  readonly rows: Array<AccessRequestView & { realmId: string }> = [];
  constructor(private readonly clock: Clock) {
    super();
  }
  add(realmId: string, user: { id: string; login: string; organizationId: string | null }, reason = 'no_confirmed_contact'): string {
    const id = randomUUID();
    this.rows.push({ id, realmId, userId: user.id, login: user.login, organizationId: user.organizationId, reason, status: 'open', createdAt: this.clock.now(), resolvedAt: null, resolvedBy: null, note: null });
    return id;
  }
  async list(realmId: string, filter: { status?: 'open' | 'resolved'; organizationId?: string }): Promise<AccessRequestView[]> {
    return this.rows
      .filter((r) => r.realmId === realmId && (!filter.status || r.status === filter.status) && (filter.organizationId === undefined || r.organizationId === filter.organizationId))
      .map(({ realmId: _r, ...view }) => view);
  }
  async find(realmId: string, id: string): Promise<AccessRequestView | null> {
    const row = this.rows.find((r) => r.realmId === realmId && r.id === id);
    if (!row) return null;
    const { realmId: _r, ...view } = row;
    return view;
  }
  async resolve(realmId: string, id: string, input: { actorId: string; note: string | null }): Promise<boolean> {
    const row = this.rows.find((r) => r.realmId === realmId && r.id === id && r.status === 'open');
    if (!row) return false;
    Object.assign(row, { status: 'resolved', resolvedAt: this.clock.now(), resolvedBy: input.actorId, note: input.note });
    return true;
  }
}

@Global()
@Module({
  providers: [
    FakePasswordPolicy,
    FakeAccountLockout,
    FakeResetLinks,
    FakeAccessRequests,
    { provide: PasswordPolicy, useExisting: FakePasswordPolicy },
    { provide: AccountLockout, useExisting: FakeAccountLockout },
    { provide: ResetLinks, useExisting: FakeResetLinks },
    { provide: AccessRequests, useExisting: FakeAccessRequests },
  ],
  exports: [PasswordPolicy, AccountLockout, ResetLinks, AccessRequests, FakeResetLinks, FakeAccessRequests],
})
export class PendingPortsModule {}
