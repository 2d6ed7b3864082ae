import { Injectable } from '@nestjs/common';
import { isEmail } from 'class-validator';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { Sessions } from '../../auth/sessions.port';
import { RandomSource } from '../../common/crypto/random-source';
import { DomainError } from '../../common/errors/domain-error';
import { PasswordPolicy } from '../../password-policy/password-policy.port';
import { RealmsService } from '../../realms/realms.service';
import type { UserEntity } from '../../users/entities/user.entity';
import { UsersService } from '../../users/users.service';
import { LOGIN_PATTERN } from '../dto/admin-user.dto';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/**
 * An operator creates a realm_admin, or an org_admin of an organisation (command line). Without
 * a password one is generated, answered once, and must be changed at first sign-in.
 */
@Injectable()
export class CreateStaffAccountUseCase {
  constructor(
    private readonly realms: RealmsService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly random: RandomSource,
    private readonly dataSource: DataSource,
    private readonly policy: PasswordPolicy,
    private readonly sessions: Sessions,
  ) {}

  async execute(input: { realm: string; login: string; role: string; organization?: string; password?: string; email?: string }): Promise<{ user: UserEntity; generatedPassword?: string }> {
    const realm = await this.realms.findBySlug(input.realm);
    if (!realm) throw new DomainError('realm_not_found');
    if (input.role !== 'realm_admin' && input.role !== 'org_admin') throw new DomainError('validation_failed', { fields: [{ field: 'role', message: 'isIn' }] });
    if (!LOGIN_PATTERN.test(input.login)) throw new DomainError('validation_failed', { fields: [{ field: 'login', message: 'matches' }] });
    const email = input.email?.trim() || null;
    if (email && (email.length > 254 || !isEmail(email))) throw new DomainError('validation_failed', { fields: [{ field: 'email', message: 'isEmail' }] });
    let organizationId: string | null = null;
    if (input.organization) {
      organizationId = (await this.realms.organizationBySlug(realm.id, input.organization))?.id ?? null;
      if (!organizationId) throw new DomainError('organization_not_found');
    } else if (input.role === 'org_admin') {
      throw new DomainError('validation_failed', { fields: [{ field: 'organization', message: 'required' }] });
    }
    const policy = this.policy;
    const rules = realm.settings.passwordPolicy;
    const generatedPassword = input.password === undefined ? await this.generate(rules.minLength, rules.maxLength, async (p) => (await policy.violations(rules, p, { login: input.login })).length === 0) : undefined;
    const password = input.password ?? generatedPassword!;
    await policy.assertAcceptable(rules, password, { login: input.login });
    // The password is set by an UPDATE of the new row, which the session cache's guard cannot tell from any other.
    const user = await this.sessions.invalidating(() => this.dataSource.transaction(async (manager) => {
      const created = await this.users.create(
        { realmId: realm.id, login: input.login, roles: [input.role as 'realm_admin' | 'org_admin'], organizationId, email, mustChangePassword: generatedPassword !== undefined },
        manager,
      );
      created.passwordHash = await policy.hashAndRecord(created.id, password, manager);
      await this.users.update(created.id, { passwordHash: created.passwordHash }, manager);
      await this.audit.record({ realmId: realm.id, type: 'user.created', userId: created.id, organizationId, details: { login: created.login, roles: created.roles, source: 'cli' } }, manager);
      return created;
    }));
    return { user, generatedPassword };
  }

  private async generate(min: number, max: number, acceptable: (p: string) => Promise<boolean>): Promise<string> {
    const length = Math.min(max, Math.max(min, 20));
    for (let attempt = 0; attempt < 20; attempt++) {
      let out = '';
      for (let i = 0; i < length; i++) out += ALPHABET[this.random.int(0, ALPHABET.length)];
      if (/[A-Za-z]/.test(out) && /\d/.test(out) && (await acceptable(out))) return out;
    }
    throw new Error('could not generate a password that satisfies the realm policy');
  }
}
