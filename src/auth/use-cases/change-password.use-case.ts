import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { DomainError } from '../../common/errors/domain-error';
import type { RequestAuth, RequestRealm } from '../../common/http/app-request';
import { Notifications } from '../../notifications/notifications.port';
import { PasswordHasher } from '../../password-policy/password-hasher.port';
import { PasswordPolicy } from '../../password-policy/password-policy.port';
import { RecoveryRevocation } from '../../recovery/recovery-revocation';
import { UsersService } from '../../users/users.service';
import { AccountLockoutService } from '../lockout/account-lockout.service';
import { passwordChangedNotice } from '../password-changed-notice';
import { SessionsService } from '../sessions.service';

export interface ChangePasswordInput {
  realm: RequestRealm;
  auth: RequestAuth;
  currentPassword: string;
  newPassword: string;
  newPasswordConfirm: string;
  ip: string | null;
}

/**
 * A signed-in user changes their own password: right, current password, confirmation and policy
 * checked; then in one transaction the new hash (recorded in the history), the forced-change and
 * temporary-password marks cleared, the user's other sessions ended, every reset link and code
 * recovery handed out and every open recovery flow of the user ended (`RecoveryRevocation`), audit
 * and notice queued.
 */
@Injectable()
export class ChangePasswordUseCase {
  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly sessions: SessionsService,
    private readonly lockout: AccountLockoutService,
    private readonly audit: AuditService,
    private readonly notifications: Notifications,
    private readonly dataSource: DataSource,
    private readonly recovery: RecoveryRevocation,
  ) {}

  async execute(input: ChangePasswordInput): Promise<void> {
    const { realm, auth, ip } = input;
    // From the row, not the session check's (possibly cached) copy: the lockout columns change
    // without a session-cache flush, and a lock must stop guesses made through this form too.
    const user = await this.users.findById(realm.id, auth.user.id);
    if (!user) throw new DomainError('unauthenticated');
    // A forced change (temporary password from an admin) is allowed even without the right,
    // or the user could never sign in again.
    if (!user.canChangeOwnPassword && !user.mustChangePassword) throw new DomainError('password_change_forbidden');
    const matches = user.passwordHash ? await this.hasher.verify(user.passwordHash, input.currentPassword) : false;
    if (!matches || this.lockout.isLocked(user)) {
      // A stolen session must not become an unlimited password oracle: wrong guesses count toward lockout.
      if (!matches) await this.lockout.recordFailure(realm.settings, user, ip);
      throw new DomainError('invalid_credentials');
    }
    if (input.newPassword !== input.newPasswordConfirm) throw new DomainError('password_mismatch');
    await this.policy.assertAcceptable(realm.settings.passwordPolicy, input.newPassword, { login: user.login, userId: user.id });

    await this.sessions.invalidating(() => this.dataSource.transaction(async (m) => {
      const passwordHash = await this.policy.hashAndRecord(user.id, input.newPassword, m);
      await this.users.update(user.id, { passwordHash, mustChangePassword: false, passwordExpiresAt: null, failedLogins: 0, lockedUntil: null }, m);
      const ended = await this.sessions.revokeAllForUser(user.id, { exceptSessionId: auth.sessionId, manager: m });
      await this.recovery.revokeAllForUser(user.id, m);
      await this.audit.record(
        { realmId: realm.id, type: 'password.changed', actorId: user.id, userId: user.id, organizationId: user.organizationId, ip, details: { via: 'self', sessionsEnded: ended } },
        m,
      );
      const notice = passwordChangedNotice(realm.id, user, realm.settings);
      if (notice) await this.notifications.queue(notice, m);
    }));
  }
}
