import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, LessThan, MoreThan, Not, Repository } from 'typeorm';
import { RandomSource } from '../common/crypto/random-source';
import { SecretBox } from '../common/crypto/secret-box';
import { Clock } from '../common/time/clock';
import { AppConfig } from '../config/app-config';
import type { UserEntity } from '../users/entities/user.entity';
import { ResetTokenEntity } from './entities/reset-token.entity';

export interface IssuedResetToken {
  id: string;
  /** The raw token: handed out once (in a link or an answer), never stored. */
  token: string;
  /** `{PUBLIC_URL}/realms/{realm}/reset-password?token=…` */
  link: string;
  expiresAt: Date;
}

/**
 * Whether a live token may still be used by its user: never for a disabled user; a self-service
 * token (issued by a recovery flow) only while the user may change their own password. Tokens an
 * administrator issued (no flow) stay usable: restoring access is what they are for.
 */
export function tokenUsable(token: ResetTokenEntity, user: UserEntity | null): user is UserEntity {
  if (!user || user.disabled || user.id !== token.userId) return false;
  return token.flowId === null || user.canChangeOwnPassword;
}

/**
 * Password reset tokens: 256 bits from the CSPRNG, stored as a keyed hash, single use (spent by
 * a conditional update), expiring. Links are built from PUBLIC_URL only, never from the request.
 */
@Injectable()
export class ResetTokensService {
  constructor(
    @InjectRepository(ResetTokenEntity) private readonly tokens: Repository<ResetTokenEntity>,
    private readonly secrets: SecretBox,
    private readonly random: RandomSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  private repo(manager?: EntityManager): Repository<ResetTokenEntity> {
    return manager ? manager.getRepository(ResetTokenEntity) : this.tokens;
  }

  private hash(token: string): string {
    return this.secrets.keyedHash('reset-token', token);
  }

  /** The reset page link for a token. */
  linkFor(realmSlug: string, token: string): string {
    return `${this.config.publicUrl}/realms/${encodeURIComponent(realmSlug)}/reset-password?token=${token}`;
  }

  async issue(input: { realmId: string; realmSlug: string; userId: string; flowId?: string | null; ttlSeconds: number }, manager?: EntityManager): Promise<IssuedResetToken> {
    const token = this.random.token(256);
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + input.ttlSeconds * 1000);
    const id = randomUUID();
    await this.repo(manager).insert({ id, realmId: input.realmId, userId: input.userId, flowId: input.flowId ?? null, tokenHash: this.hash(token), createdAt: now, expiresAt, usedAt: null, revokedAt: null });
    return { id, token, link: this.linkFor(input.realmSlug, token), expiresAt };
  }

  /** The live token row (realm, unused, unrevoked, unexpired), or null. */
  async findLive(realmId: string, token: string, manager?: EntityManager): Promise<ResetTokenEntity | null> {
    if (!token || token.length > 200) return null;
    const row = await this.repo(manager).findOne({ where: { tokenHash: this.hash(token) } });
    if (!row || row.realmId !== realmId || row.usedAt || row.revokedAt || row.expiresAt.getTime() <= this.clock.now().getTime()) return null;
    return row;
  }

  /** Spends a live token; false when another redemption got there first (or it died meanwhile). */
  async spend(id: string, manager?: EntityManager): Promise<boolean> {
    const now = this.clock.now();
    const result = await this.repo(manager).update({ id, usedAt: IsNull(), revokedAt: IsNull(), expiresAt: MoreThan(now) }, { usedAt: now });
    return (result.affected ?? 0) === 1;
  }

  /** Revokes every live token of the user (but one, if named); returns how many. */
  async revokeAllForUser(userId: string, manager?: EntityManager, exceptId?: string): Promise<number> {
    const where = { userId, usedAt: IsNull(), revokedAt: IsNull(), ...(exceptId ? { id: Not(exceptId) } : {}) };
    const result = await this.repo(manager).update(where, { revokedAt: this.clock.now() });
    return result.affected ?? 0;
  }

  /** Deletes tokens that expired before `before`. */
  async purgeExpired(before: Date): Promise<number> {
    const result = await this.tokens.delete({ expiresAt: LessThan(before) });
    return result.affected ?? 0;
  }
}
