import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { Sessions } from '../../auth/sessions.port';
import { DomainError } from '../../common/errors/domain-error';
import { RecoveryRevocation } from '../../recovery/recovery-revocation';
import { normalizePhone } from '../../users/contact-format';
import type { UserEntity } from '../../users/entities/user.entity';
import { normalizeEmail } from '../../users/login';
import { UsersService } from '../../users/users.service';
import type { AdminScope } from '../admin-scope';
import { ScopedUsers } from '../scoped-users.service';
import type { CreateUserInput } from './create-user.use-case';

/** Every writable field of a user but the login and the password. */
export type UpdateUserInput = Omit<CreateUserInput, 'login' | 'password'>;

/**
 * Staff edit a user in their scope. A new e-mail or phone is unconfirmed unless the body says
 * otherwise, and replacing one ends the recovery links and flows already handed out; disabling
 * ends every session of the user in the same transaction. One
 * `user.updated` event names the changed fields (never their values).
 */
@Injectable()
export class UpdateUserUseCase {
  constructor(
    private readonly users: UsersService,
    private readonly scoped: ScopedUsers,
    private readonly sessions: Sessions,
    private readonly audit: AuditService,
    private readonly recovery: RecoveryRevocation,
    private readonly dataSource: DataSource,
  ) {}

  async execute(scope: AdminScope, id: string, input: UpdateUserInput, ip: string | null): Promise<UserEntity> {
    return this.sessions.invalidating(() => this.dataSource.transaction(async (manager) => {
      const user = await this.scoped.get(scope, id, manager);
      if (input.roles?.includes('realm_admin') && !scope.isRealmAdmin) throw new DomainError('forbidden');
      if (input.locale && input.locale !== user.locale && !scope.realm.settings.locales.includes(input.locale)) throw new DomainError('validation_failed', { fields: [{ field: 'locale', message: 'isIn' }] });
      const changes: Partial<UserEntity> = {};
      if (input.organizationId !== undefined) changes.organizationId = await this.scoped.organizationFor(scope, input.organizationId, user.organizationId);
      if (input.email !== undefined) {
        const email = input.email?.trim() || null;
        const same = (email ? normalizeEmail(email) : null) === user.emailNormalized;
        changes.email = email;
        changes.emailVerified = email ? (input.emailVerified ?? (same ? user.emailVerified : false)) : false;
      } else if (input.emailVerified !== undefined) {
        changes.emailVerified = user.email ? input.emailVerified : false;
      }
      if (input.phone !== undefined) {
        const phone = input.phone ? normalizePhone(input.phone) : null;
        if (input.phone && !phone) throw new DomainError('validation_failed', { fields: [{ field: 'phone', message: 'isE164Phone' }] });
        changes.phone = phone;
        changes.phoneVerified = phone ? (input.phoneVerified ?? (phone === user.phone ? user.phoneVerified : false)) : false;
      } else if (input.phoneVerified !== undefined) {
        changes.phoneVerified = user.phone ? input.phoneVerified : false;
      }
      for (const key of ['birthDate', 'locale', 'roles', 'permissions', 'canChangeOwnPassword', 'disabled', 'mustChangePassword'] as const) {
        if (input[key] !== undefined) (changes as Record<string, unknown>)[key] = input[key];
      }
      const changed = (Object.keys(changes) as Array<keyof UserEntity>).filter((k) => JSON.stringify(changes[k]) !== JSON.stringify(user[k]));
      if (changed.length === 0) return user;
      await this.users.update(user.id, changes, manager);
      let sessionsEnded = 0;
      if (changes.disabled === true && !user.disabled) sessionsEnded = await this.sessions.revokeAllForUser(user.id, { manager });
      // Links and codes already sent to a replaced contact must not reach the account any more.
      const emailReplaced = changed.includes('email') && (changes.email ? normalizeEmail(changes.email) : null) !== user.emailNormalized;
      if (emailReplaced || changed.includes('phone')) await this.recovery.revokeAllForUser(user.id, manager);
      await this.audit.record(
        { realmId: scope.realmId, type: 'user.updated', actorId: scope.actorId, userId: user.id, organizationId: changes.organizationId ?? user.organizationId, ip, details: { fields: changed, sessionsEnded } },
        manager,
      );
      return (await this.users.findById(scope.realmId, user.id, manager))!;
    }));
  }
}
