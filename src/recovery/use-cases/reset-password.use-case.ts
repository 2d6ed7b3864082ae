import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { Sessions } from '../../auth/sessions.port';
import { DomainError } from '../../common/errors/domain-error';
import type { RequestRealm } from '../../common/http/app-request';
import { Notifications } from '../../notifications/notifications.port';
import { PasswordPolicy } from '../../password-policy/password-policy.port';
import { UsersService } from '../../users/users.service';
import { RecoveryFlowsService } from '../recovery-flows.service';
import { ResetTokensService, tokenUsable } from '../reset-tokens.service';

export interface ResetPasswordInput {
  token: string;
  newPassword: string;
  newPasswordConfirm: string;
  ip: string | null;
}

/**
 * Redeems a reset token (refused like an unknown one when its user is disabled, or — for a token a
 * flow issued — no longer may change their own password). The policy (history included) is checked before the token is spent, so
 * a refused password leaves the link usable; then one transaction: the conditional spend (of
 * concurrent redemptions exactly one wins), new hash and history row, lockout cleared, every
 * session, other token and open flow of the user ended, audit event, "password changed" notice.
 * No session is created.
 */
@Injectable()
export class ResetPasswordUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: ResetTokensService,
    private readonly flows: RecoveryFlowsService,
    private readonly users: UsersService,
    private readonly policy: PasswordPolicy,
    private readonly sessions: Sessions,
    private readonly notifications: Notifications,
    private readonly audit: AuditService,
  ) {}

  async execute(realm: RequestRealm, input: ResetPasswordInput): Promise<void> {
    const live = await this.tokens.findLive(realm.id, input.token);
    const user = live ? await this.users.findById(realm.id, live.userId) : null;
    if (!live || !tokenUsable(live, user)) throw new DomainError('token_invalid');
    if (input.newPassword !== input.newPasswordConfirm) throw new DomainError('password_mismatch');
    await this.policy.assertAcceptable(realm.settings.passwordPolicy, input.newPassword, { login: user.login, userId: user.id });
    await this.sessions.invalidating(() => this.dataSource.transaction(async (m) => {
      if (!(await this.tokens.spend(live.id, m))) throw new DomainError('token_invalid');
      const passwordHash = await this.policy.hashAndRecord(user.id, input.newPassword, m);
      await this.users.update(user.id, { passwordHash, passwordExpiresAt: null, mustChangePassword: false, failedLogins: 0, lockedUntil: null }, m);
      await this.sessions.revokeAllForUser(user.id, { manager: m });
      await this.tokens.revokeAllForUser(user.id, m);
      await this.flows.closeForUser(user.id, live.flowId, m);
      await this.audit.record({ realmId: realm.id, type: 'recovery.completed', userId: user.id, organizationId: user.organizationId, ip: input.ip, details: { via: live.flowId ? 'recovery' : 'admin_link' } }, m);
      const to = user.email && user.emailVerified ? { channel: 'email' as const, to: user.email } : user.phone && user.phoneVerified ? { channel: 'sms' as const, to: user.phone } : null;
      if (to) await this.notifications.queue({ realmId: realm.id, userId: user.id, notice: 'password-changed', ...to, locale: user.locale ?? realm.settings.defaultLocale }, m);
    }));
  }
}
