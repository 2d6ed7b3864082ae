import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { Sessions } from '../../auth/sessions.port';
import { DomainError } from '../../common/errors/domain-error';
import { Notifications } from '../../notifications/notifications.port';
import { PasswordPolicy } from '../../password-policy/password-policy.port';
import { normalizePhone } from '../../users/contact-format';
import type { UserEntity } from '../../users/entities/user.entity';
import { NewUser, UsersService } from '../../users/users.service';
import type { AdminScope } from '../admin-scope';
import { ResetTokensService } from '../../recovery/reset-tokens.service';
import { ScopedUsers } from '../scoped-users.service';

/** How long the setup link of a user created without a password stays valid: 72 hours. */
export const SETUP_LINK_TTL_SECONDS = 72 * 3600;

/** A new user as an admin describes it: the stored fields, with a plain password instead of a hash. */
export type CreateUserInput = Omit<NewUser, 'realmId' | 'passwordHash' | 'passwordExpiresAt'> & { password?: string };

export interface CreateUserResult {
  user: UserEntity;
  /** True when a setup link was e-mailed (no password given, an e-mail known). */
  setupLinkSent: boolean;
}

/**
 * Creates a user in the caller's scope. A given password is checked against the realm policy
 * and recorded in the history; without one, a setup link goes to the user's e-mail. An org_admin
 * creates users in their own organisation and cannot grant realm_admin.
 */
@Injectable()
export class CreateUserUseCase {
  constructor(
    private readonly users: UsersService,
    private readonly scoped: ScopedUsers,
    private readonly policy: PasswordPolicy,
    private readonly resetTokens: ResetTokensService,
    private readonly notifications: Notifications,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
    private readonly sessions: Sessions,
  ) {}

  async execute(scope: AdminScope, input: CreateUserInput, ip: string | null): Promise<CreateUserResult> {
    const roles = input.roles ?? ['user'];
    if (roles.includes('realm_admin') && !scope.isRealmAdmin) throw new DomainError('forbidden');
    const organizationId = await this.scoped.organizationFor(scope, input.organizationId, null);
    if (input.locale && !scope.realm.settings.locales.includes(input.locale)) throw new DomainError('validation_failed', { fields: [{ field: 'locale', message: 'isIn' }] });
    const phone = input.phone ? normalizePhone(input.phone) : null;
    if (input.phone && !phone) throw new DomainError('validation_failed', { fields: [{ field: 'phone', message: 'isE164Phone' }] });
    if (await this.users.findByLogin(scope.realmId, input.login)) throw new DomainError('login_taken');
    if (input.password !== undefined) await this.policy.assertAcceptable(scope.realm.settings.passwordPolicy, input.password, { login: input.login });
    const email = input.email?.trim() || null;

    // The password is set by an UPDATE of the new row, which the session cache's guard cannot tell from any other.
    return this.sessions.invalidating(() => this.dataSource.transaction(async (manager) => {
      const user = await this.users.create(
        {
          realmId: scope.realmId,
          login: input.login,
          organizationId,
          email,
          emailVerified: input.emailVerified,
          phone,
          phoneVerified: input.phoneVerified,
          birthDate: input.birthDate ?? null,
          locale: input.locale ?? null,
          roles,
          permissions: input.permissions ?? [],
          canChangeOwnPassword: input.canChangeOwnPassword,
          disabled: input.disabled,
          mustChangePassword: input.mustChangePassword,
        },
        manager,
      );
      if (input.password !== undefined) {
        user.passwordHash = await this.policy.hashAndRecord(user.id, input.password, manager);
        await this.users.update(user.id, { passwordHash: user.passwordHash }, manager);
      }
      let setupLinkSent = false;
      if (input.password === undefined && email && !user.disabled) {
        const { link } = await this.resetTokens.issue({ realmId: scope.realmId, realmSlug: scope.realm.slug, userId: user.id, ttlSeconds: SETUP_LINK_TTL_SECONDS }, manager);
        await this.notifications.queue(
          { realmId: scope.realmId, userId: user.id, notice: 'setup-link', channel: 'email', to: email, locale: user.locale ?? scope.realm.settings.defaultLocale, params: { ttlSeconds: SETUP_LINK_TTL_SECONDS }, secrets: { link } },
          manager,
        );
        setupLinkSent = true;
      }
      await this.audit.record(
        {
          realmId: scope.realmId,
          type: 'user.created',
          actorId: scope.actorId,
          userId: user.id,
          organizationId,
          ip,
          details: { login: user.login, roles, credential: input.password !== undefined ? 'set-by-admin' : setupLinkSent ? 'setup-link' : 'none' },
        },
        manager,
      );
      return { user, setupLinkSent };
    }));
  }
}
