import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { RandomSource } from '../common/crypto/random-source';
import { AppLogger } from '../common/logging/app-logger';
import { PasswordHasher } from '../password-policy/password-hasher.port';
import { DomainError } from '../common/errors/domain-error';
import { isUniqueViolation, UsersService } from '../users/users.service';
import { RealmsService } from './realms.service';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/**
 * First start: creates the bootstrap realm and its first realm_admin when missing, idempotently.
 * A generated admin password is printed once, at creation; it is never stored raw.
 */
@Injectable()
export class BootstrapService implements OnApplicationBootstrap {
  constructor(
    private readonly config: AppConfig,
    private readonly realms: RealmsService,
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly random: RandomSource,
    private readonly logger: AppLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.run();
  }

  async run(): Promise<{ realmCreated: boolean; adminCreated: boolean; generatedPassword?: string }> {
    const { realm: slug, preset, adminLogin, adminPassword } = this.config.bootstrap;
    let realm = await this.realms.findBySlug(slug);
    let realmCreated = false;
    if (!realm) {
      try {
        await this.realms.create(slug, slug, preset);
        realmCreated = true;
        this.logger.pino.info({ realm: slug, preset }, `Created realm "${slug}" with preset "${preset}"`);
      } catch (e) {
        // Another instance starting at the same moment created it first.
        if (!isUniqueViolation(e)) throw e;
      }
      realm = (await this.realms.findBySlug(slug, { fresh: true }))!;
    }
    if (await this.users.findByLogin(realm.id, adminLogin)) return { realmCreated, adminCreated: false };
    const password = adminPassword ?? this.generatePassword();
    try {
      await this.users.create({ realmId: realm.id, login: adminLogin, passwordHash: await this.hasher.hash(password), roles: ['realm_admin'] });
    } catch (e) {
      if (e instanceof DomainError && e.code === 'login_taken') return { realmCreated, adminCreated: false };
      throw e;
    }
    if (adminPassword) {
      this.logger.pino.info({ realm: slug, login: adminLogin }, `Created realm_admin "${adminLogin}" with the password from BOOTSTRAP_ADMIN_PASSWORD`);
      return { realmCreated, adminCreated: true };
    }
    this.logger.pino.warn(
      { realm: slug, login: adminLogin, banner: true },
      `Created realm_admin "${adminLogin}" in realm "${slug}". Its password, shown only this once: ${password}`,
    );
    return { realmCreated, adminCreated: true, generatedPassword: password };
  }

  /** 20 characters with letters and digits: satisfies every preset's policy. */
  private generatePassword(): string {
    for (;;) {
      let out = '';
      for (let i = 0; i < 20; i++) out += ALPHABET[this.random.int(0, ALPHABET.length)];
      if (/[A-Za-z]/.test(out) && /\d/.test(out)) return out;
    }
  }
}
