import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Clock } from '../common/time/clock';
import { DomainError } from '../common/errors/domain-error';
import { UserEntity, Role } from './entities/user.entity';
import { normalizeEmail, normalizeLogin } from './login';

export interface NewUser {
  realmId: string;
  login: string;
  passwordHash?: string | null;
  organizationId?: string | null;
  email?: string | null;
  emailVerified?: boolean;
  phone?: string | null;
  phoneVerified?: boolean;
  birthDate?: string | null;
  locale?: string | null;
  roles?: Role[];
  permissions?: string[];
  canChangeOwnPassword?: boolean;
  disabled?: boolean;
  mustChangePassword?: boolean;
  passwordExpiresAt?: Date | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Users of a realm. Other modules reach user rows only through this service. */
@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly clock: Clock,
  ) {}

  repo(manager?: EntityManager): Repository<UserEntity> {
    return manager ? manager.getRepository(UserEntity) : this.users;
  }

  async findById(realmId: string, id: string, manager?: EntityManager): Promise<UserEntity | null> {
    if (!UUID.test(id)) return null;
    return this.repo(manager).findOne({ where: { id, realmId } });
  }

  async findByLogin(realmId: string, login: string, manager?: EntityManager): Promise<UserEntity | null> {
    return this.repo(manager).findOne({ where: { realmId, loginNormalized: normalizeLogin(login) } });
  }

  async findByEmail(realmId: string, email: string): Promise<UserEntity[]> {
    return this.users.find({ where: { realmId, emailNormalized: normalizeEmail(email) } });
  }

  async findByPhone(realmId: string, phone: string): Promise<UserEntity[]> {
    return this.users.find({ where: { realmId, phone } });
  }

  /** Inserts a user; a login taken in the realm (case-insensitively) is 409 login_taken. */
  async create(input: NewUser, manager?: EntityManager): Promise<UserEntity> {
    const repo = this.repo(manager);
    const now = this.clock.now();
    const entity = repo.create({
      id: randomUUID(),
      realmId: input.realmId,
      organizationId: input.organizationId ?? null,
      login: input.login,
      loginNormalized: normalizeLogin(input.login),
      passwordHash: input.passwordHash ?? null,
      passwordExpiresAt: input.passwordExpiresAt ?? null,
      email: input.email ?? null,
      emailNormalized: input.email ? normalizeEmail(input.email) : null,
      emailVerified: input.email ? (input.emailVerified ?? false) : false,
      phone: input.phone ?? null,
      phoneVerified: input.phone ? (input.phoneVerified ?? false) : false,
      birthDate: input.birthDate ?? null,
      locale: input.locale ?? null,
      roles: input.roles ?? ['user'],
      permissions: input.permissions ?? [],
      canChangeOwnPassword: input.canChangeOwnPassword ?? true,
      disabled: input.disabled ?? false,
      mustChangePassword: input.mustChangePassword ?? false,
      failedLogins: 0,
      lockedUntil: null,
      createdAt: now,
      updatedAt: now,
    });
    if (await repo.exists({ where: { realmId: entity.realmId, loginNormalized: entity.loginNormalized } })) {
      throw new DomainError('login_taken');
    }
    try {
      await repo.insert(entity);
    } catch (e) {
      if (isUniqueViolation(e)) throw new DomainError('login_taken');
      throw e;
    }
    return entity;
  }

  /** Updates columns of one user (sets updatedAt). */
  async update(id: string, changes: Partial<UserEntity>, manager?: EntityManager): Promise<void> {
    const patch: Partial<UserEntity> = { ...changes, updatedAt: this.clock.now() };
    if (changes.email !== undefined) patch.emailNormalized = changes.email ? normalizeEmail(changes.email) : null;
    if (changes.login !== undefined) patch.loginNormalized = normalizeLogin(changes.login);
    await this.repo(manager).update({ id }, patch);
  }
}

export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; driverError?: { code?: string } } | null;
  const code = err?.driverError?.code ?? err?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
