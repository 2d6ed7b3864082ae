import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { AccountLockout, Sessions } from '../../auth/sessions.port';
import { RandomSource } from '../../common/crypto/random-source';
import { DomainError } from '../../common/errors/domain-error';
import { Clock } from '../../common/time/clock';
import { Notifications } from '../../notifications/notifications.port';
import { PasswordPolicy } from '../../password-policy/password-policy.port';
import type { UserEntity } from '../../users/entities/user.entity';
import { UsersService } from '../../users/users.service';
import type { AdminScope } from '../admin-scope';
import { ResetTokensService } from '../../recovery/reset-tokens.service';
import { ScopedUsers } from '../scoped-users.service';

/** An admin's reset link is valid 12 hours. */
export const ADMIN_RESET_LINK_TTL_SECONDS = 12 * 3600;
/** A temporary password works 72 hours, and only to set a new one. */
export const TEMPORARY_PASSWORD_TTL_SECONDS = 72 * 3600;

export type ResetAccessResult = { method: 'link'; expiresAt: Date } | { method: 'temporary-password'; temporaryPassword: string; expiresAt: Date };

const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const DIGITS = '23456789';

/**
 * Staff restore a user's access: by a reset link e-mailed to the confirmed address, or by a
 * temporary password shown once to the admin (72 hours, must be changed at next sign-in).
 * Either way the user's sessions and earlier links end, a lock is lifted, and one
 * `admin.reset_access` event names the admin. The temporary password is never stored raw.
 */
@Injectable()
export class ResetAccessUseCase {
  constructor(
    private readonly users: UsersService,
    private readonly scoped: ScopedUsers,
    private readonly sessions: Sessions,
    private readonly lockout: AccountLockout,
    private readonly policy: PasswordPolicy,
    private readonly resetTokens: ResetTokensService,
    private readonly notifications: Notifications,
    private readonly audit: AuditService,
    private readonly random: RandomSource,
    private readonly clock: Clock,
    private readonly dataSource: DataSource,
  ) {}

  async execute(scope: AdminScope, id: string, method: 'link' | 'temporary-password', ip: string | null): Promise<ResetAccessResult> {
    return this.sessions.invalidating(() => this.dataSource.transaction(async (manager) => {
      const user = await this.scoped.get(scope, id, manager);
      const locale = user.locale ?? scope.realm.settings.defaultLocale;
      let result: ResetAccessResult;
      if (method === 'link') {
        if (!user.email || !user.emailVerified) throw new DomainError('contact_admin');
        await this.endEverything(scope, user, ip, manager);
        const { link, expiresAt } = await this.resetTokens.issue({ realmId: scope.realmId, realmSlug: scope.realm.slug, userId: user.id, ttlSeconds: ADMIN_RESET_LINK_TTL_SECONDS }, manager);
        await this.notifications.queue(
          { realmId: scope.realmId, userId: user.id, notice: 'reset-link', channel: 'email', to: user.email, locale, params: { ttlSeconds: ADMIN_RESET_LINK_TTL_SECONDS }, secrets: { link } },
          manager,
        );
        result = { method, expiresAt };
      } else {
        const temporaryPassword = await this.generate(scope, user, manager);
        await this.endEverything(scope, user, ip, manager);
        const expiresAt = new Date(this.clock.now().getTime() + TEMPORARY_PASSWORD_TTL_SECONDS * 1000);
        const passwordHash = await this.policy.hashAndRecord(user.id, temporaryPassword, manager);
        await this.users.update(user.id, { passwordHash, passwordExpiresAt: expiresAt, mustChangePassword: true }, manager);
        const notice = user.email && user.emailVerified ? { channel: 'email' as const, to: user.email } : user.phone && user.phoneVerified ? { channel: 'sms' as const, to: user.phone } : null;
        if (notice) {
          await this.notifications.queue({ realmId: scope.realmId, userId: user.id, notice: 'temporary-password', ...notice, locale, params: { ttlSeconds: TEMPORARY_PASSWORD_TTL_SECONDS } }, manager);
        }
        result = { method, temporaryPassword, expiresAt };
      }
      await this.audit.record(
        { realmId: scope.realmId, type: 'admin.reset_access', actorId: scope.actorId, userId: user.id, organizationId: user.organizationId, ip, details: { method, expiresAt: result.expiresAt.toISOString() } },
        manager,
      );
      return result;
    }));
  }

  /** Sessions, earlier links and any lock: all gone before the new credential exists. */
  private async endEverything(scope: AdminScope, user: UserEntity, ip: string | null, manager: EntityManager): Promise<void> {
    await this.sessions.revokeAllForUser(user.id, { manager });
    await this.resetTokens.revokeAllForUser(user.id, manager);
    if (user.lockedUntil && user.lockedUntil > this.clock.now()) {
      await this.lockout.unlock({ realmId: scope.realmId, userId: user.id, organizationId: user.organizationId, actorId: scope.actorId, ip }, manager);
    }
  }

  /** A random password the realm's policy accepts: unambiguous letters of both cases and digits. */
  private async generate(scope: AdminScope, user: UserEntity, manager: EntityManager): Promise<string> {
    const rules = scope.realm.settings.passwordPolicy;
    const length = Math.min(rules.maxLength, Math.max(rules.minLength, 16));
    const all = UPPER + LOWER + DIGITS;
    for (let attempt = 0; attempt < 20; attempt++) {
      const chars = [UPPER, LOWER, DIGITS].slice(0, length).map((set) => set[this.random.int(0, set.length)]);
      while (chars.length < length) chars.push(all[this.random.int(0, all.length)]);
      for (let i = chars.length - 1; i > 0; i--) {
        const j = this.random.int(0, i + 1);
        [chars[i], chars[j]] = [chars[j], chars[i]];
      }
      const candidate = chars.join('');
      if ((await this.policy.violations(rules, candidate, { login: user.login, userId: user.id }, manager)).length === 0) return candidate;
    }
    throw new Error('could not generate a temporary password that satisfies the realm policy');
  }
}
