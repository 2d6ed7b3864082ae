import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { insertTogether, withBatchedInserts } from '../../common/database/batched-inserts';
import { DomainError } from '../../common/errors/domain-error';
import type { RequestRealm } from '../../common/http/app-request';
import { Clock } from '../../common/time/clock';
import { PasswordHasher } from '../../password-policy/password-hasher.port';
import { PasswordHistoryStore } from '../../password-policy/password-history.store';
import { SignInAlertsService } from '../../security-centre/sign-in-alerts.service';
import { UserEntity } from '../../users/entities/user.entity';
import { UsersService } from '../../users/users.service';
import { AccountLockoutService } from '../lockout/account-lockout.service';
import { SecondFactorChallenge, SecondFactorStep } from '../second-factor.port';
import { SessionsService } from '../sessions.service';

export interface LoginResult {
  token: string;
  sessionId: string;
  expiresAt: Date;
  user: UserEntity;
}

/** What a right password leads to: a session, or the second-factor step for a user with a factor. */
export type LoginOutcome = LoginResult | SecondFactorChallenge;

/** Why a sign-in was refused: written to the audit trail only, never told to the client. */
type Refusal = 'unknown_login' | 'no_password' | 'disabled' | 'locked' | 'wrong_password' | 'password_expired';

/**
 * Sign-in: one argon2id verify whatever happens (a dummy hash for unknown logins, made at start so
 * the first unknown login is not slower), then lockout, audit and one session insert. Every
 * refusal is the same `invalid_credentials`; the reason goes only to the audit trail.
 */
@Injectable()
export class LoginUseCase implements OnModuleInit {
  private dummyHash?: Promise<string>;

  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly lockout: AccountLockoutService,
    private readonly history: PasswordHistoryStore,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly signInAlerts: SignInAlertsService,
    private readonly secondFactor: SecondFactorStep,
  ) {}

  onModuleInit(): void {
    void this.dummy();
  }

  async execute(realm: RequestRealm, login: string, password: string, ip: string | null, userAgent: string | null = null): Promise<LoginOutcome> {
    const user = await this.users.findByLogin(realm.id, login);
    const hash = user?.passwordHash ?? (await this.dummy());
    const matches = await this.hasher.verify(hash, password);
    const refusal = this.refusal(user, matches, this.clock.now());
    if (refusal || !user) {
      await this.dataSource.transaction(async (m) => {
        await this.lockout.recordFailure(realm.settings, refusal === 'wrong_password' ? user : null, ip, m);
        await this.audit.record({ realmId: realm.id, type: 'sign_in.failed', userId: user?.id ?? null, organizationId: user?.organizationId ?? null, ip, details: { reason: refusal } }, m);
      });
      throw new DomainError('invalid_credentials');
    }
    // Rehash outside the transaction: argon2 takes tens of milliseconds and needs no lock.
    const upgraded = this.hasher.needsRehash(hash) ? await this.hasher.hash(password) : null;
    const upgrade = upgraded ? (m: EntityManager) => this.upgradeHash(user, hash, upgraded, m) : undefined;
    if (user.mfaEnabled) {
      // No session and no lockout reset yet: both wait for the second factor.
      if (upgrade) await this.sessions.invalidating(() => this.dataSource.transaction(upgrade));
      return this.secondFactor.begin(realm, user, ip);
    }
    // A new hash is a change to the user a session check returns; only then is the sign-in announced.
    return upgrade ? this.sessions.invalidating(() => this.issueSession(realm, user, ip, userAgent, upgrade)) : this.issueSession(realm, user, ip, userAgent);
  }

  /**
   * The one place a sign-in becomes a session: after the password, or after the second factor
   * (passkey sign-in included). Clears the lockout count, writes the session and `sign_in.succeeded`.
   */
  async issueSession(realm: RequestRealm, user: UserEntity, ip: string | null, userAgent: string | null, extra?: (m: EntityManager) => Promise<void>): Promise<LoginResult> {
    // As read with the user: a count of 0 and no lock leave nothing to clear.
    const lockoutToClear = user.failedLogins !== 0 || !!user.lockedUntil;
    const write = async (m: EntityManager) => {
      if (lockoutToClear) await this.lockout.reset(user.id, m);
      if (extra) await extra(m);
      const created = await this.sessions.create(user, realm.settings.sessionTtlSeconds, ip, m, userAgent);
      await this.signInAlerts.onSessionIssued({ realm, user, ip, userAgent }, m);
      await this.audit.record({ realmId: realm.id, type: 'sign_in.succeeded', userId: user.id, organizationId: user.organizationId, ip }, m);
      return created;
    };
    // Usually only the session and audit rows: one statement on PostgreSQL, no transaction needed.
    const insertsOnly = !lockoutToClear && !extra && !realm.settings.signInAlerts;
    const session = insertsOnly ? await insertTogether(this.dataSource, write) : await this.dataSource.transaction((tx) => withBatchedInserts(tx, write));
    return { ...session, user };
  }

  private refusal(user: UserEntity | null, matches: boolean, now: Date): Refusal | null {
    if (!user) return 'unknown_login';
    if (!user.passwordHash) return 'no_password';
    if (user.disabled) return 'disabled';
    if (this.lockout.isLocked(user, now)) return 'locked';
    if (!matches) return 'wrong_password';
    if (user.passwordExpiresAt && user.passwordExpiresAt.getTime() <= now.getTime()) return 'password_expired';
    return null;
  }

  /** Same password, current argon2 parameters; only if no one changed the password meanwhile. */
  private async upgradeHash(user: UserEntity, oldHash: string, newHash: string, m: EntityManager): Promise<void> {
    const result = await this.users.repo(m).update({ id: user.id, passwordHash: oldHash }, { passwordHash: newHash });
    if (!result.affected) return;
    await this.history.replaceHash(user.id, oldHash, newHash, m);
    user.passwordHash = newHash;
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= this.hasher.hash('dummy password for unknown logins');
    return this.dummyHash;
  }
}
