import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { SecretBox } from '../common/crypto/secret-box';
import { Clock } from '../common/time/clock';
import { isUniqueViolation } from '../users/users.service';
import { OidcKeyEntity } from './entities/oidc-key.entity';

/** The keys every realm's provider uses: newest first (the first signs, the rest still verify). */
export interface OidcKeySet {
  /** Changes whenever the keys change, so cached providers are rebuilt. */
  version: string;
  signing: Record<string, unknown>[];
  cookie: string[];
}

/** How many keys of each kind are kept after a rotation: the new one and the one before it. */
const KEEP = 2;
/** How long an instance trusts its cached key set before looking for a rotation made elsewhere. */
const RECHECK_MS = 30_000;

/**
 * Signing keys (RS256) and cookie keys, made at first start, sealed with the SecretBox and stored
 * in `oidc_keys`, so every instance signs and verifies with the same keys.
 */
@Injectable()
export class OidcKeysService {
  private cached?: { at: number; keys: OidcKeySet };

  constructor(
    @InjectRepository(OidcKeyEntity) private readonly keys: Repository<OidcKeyEntity>,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
  ) {}

  async current(): Promise<OidcKeySet> {
    if (this.cached && Date.now() - this.cached.at < RECHECK_MS) return this.cached.keys;
    let rows = await this.rows();
    if (!rows.some((r) => r.kind === 'signing') || !rows.some((r) => r.kind === 'cookie')) {
      // Fixed ids for the first keys: instances starting together agree on one set.
      await this.insert('signing-initial', 'signing', newSigningKey());
      await this.insert('cookie-initial', 'cookie', newCookieKey());
      rows = await this.rows();
    }
    const keys: OidcKeySet = {
      version: rows.map((r) => r.id).join(','),
      signing: rows.filter((r) => r.kind === 'signing').map((r) => JSON.parse(this.secrets.decrypt(r.sealed)) as Record<string, unknown>),
      cookie: rows.filter((r) => r.kind === 'cookie').map((r) => this.secrets.decrypt(r.sealed)),
    };
    this.cached = { at: Date.now(), keys };
    return keys;
  }

  /** A new signing key and cookie key; the previous ones stay for verification, older ones go. */
  async rotate(): Promise<{ signingKeyId: string; removed: number }> {
    await this.current();
    const before = await this.rows();
    // Strictly newer than every key so far, whatever the clock says: the newest key signs.
    const at = new Date(Math.max(this.clock.now().getTime(), ...before.map((r) => r.createdAt.getTime() + 1)));
    const signing = newSigningKey();
    await this.insert(randomUUID(), 'signing', signing, at);
    await this.insert(randomUUID(), 'cookie', newCookieKey(), at);
    const rows = await this.rows();
    const stale = [...rows.filter((r) => r.kind === 'signing').slice(KEEP), ...rows.filter((r) => r.kind === 'cookie').slice(KEEP)];
    if (stale.length) await this.keys.delete({ id: In(stale.map((r) => r.id)) });
    this.cached = undefined;
    return { signingKeyId: String(signing.kid), removed: stale.length };
  }

  private async rows(): Promise<OidcKeyEntity[]> {
    const rows = await this.keys.find();
    return rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  }

  private async insert(id: string, kind: string, value: Record<string, unknown> | string, createdAt = this.clock.now()): Promise<void> {
    const sealed = this.secrets.encrypt(typeof value === 'string' ? value : JSON.stringify(value));
    try {
      await this.keys.insert({ id, kind, sealed, createdAt });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
    }
  }
}

function newSigningKey(): Record<string, unknown> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(12).toString('base64url'), alg: 'RS256', use: 'sig' };
}

function newCookieKey(): string {
  return randomBytes(32).toString('base64url');
}
