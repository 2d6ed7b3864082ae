import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error';
import type { RequestRealm } from '../../common/http/app-request';
import { Clock } from '../../common/time/clock';
import { PasswordHasher } from '../../password-policy/password-hasher.port';
import { UserEntity } from '../../users/entities/user.entity';
import { UsersService } from '../../users/users.service';
import { SessionsService } from '../sessions.service';

export interface LoginResult {
  token: string;
  sessionId: string;
  expiresAt: Date;
  user: UserEntity;
}

/**
 * Sign-in: one argon2id verify whatever happens (a dummy hash for unknown logins), then one
 * session insert. Every failure is the same `invalid_credentials`.
 */
@Injectable()
export class LoginUseCase {
  private dummyHash?: Promise<string>;

  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly clock: Clock,
  ) {}

  async execute(realm: RequestRealm, login: string, password: string, ip: string | null): Promise<LoginResult> {
    const user = await this.users.findByLogin(realm.id, login);
    const hash = user?.passwordHash ?? (await this.dummy());
    const matches = await this.hasher.verify(hash, password);
    const now = this.clock.now();
    if (!user || !user.passwordHash || !matches || user.disabled || (user.passwordExpiresAt && user.passwordExpiresAt <= now)) {
      throw new DomainError('invalid_credentials');
    }
    const session = await this.sessions.create(user, realm.settings.sessionTtlSeconds, ip);
    return { ...session, user };
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= this.hasher.hash('dummy password for unknown logins');
    return this.dummyHash;
  }
}
