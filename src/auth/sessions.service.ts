import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Not, Repository } from 'typeorm';
import { SecretBox } from '../common/crypto/secret-box';
import { RandomSource } from '../common/crypto/random-source';
import type { RequestAuth } from '../common/http/app-request';
import { Clock } from '../common/time/clock';
import { AppLogger } from '../common/logging/app-logger';
import { noteSessionActivity, SessionActivity } from '../security-centre/session-activity';
import { UserEntity } from '../users/entities/user.entity';
import { SessionEntity } from './entities/session.entity';
import { SessionCache } from './session-cache/session-cache';
import { Sessions } from './sessions.port';
import { UserSessionsEnded } from './user-sessions-ended';

/** A checked session and, for the once-a-minute `lastSeenAt` stamp, what was loaded with it. */
type LiveSession = RequestAuth & { activity?: SessionActivity };

/**
 * Opaque session tokens (256 bits); only their keyed hash is stored. A check is one HMAC and one
 * indexed look-up (session joined with its user).
 */
@Injectable()
export class SessionsService extends Sessions {
  constructor(
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
    private readonly secrets: SecretBox,
    private readonly random: RandomSource,
    private readonly clock: Clock,
    private readonly logger: AppLogger,
    private readonly sessionsEnded: UserSessionsEnded,
    private readonly cache: SessionCache,
  ) {
    super();
  }

  private hash(token: string): string {
    return this.secrets.keyedHash('session', token);
  }

  async create(user: UserEntity, ttlSeconds: number, ip: string | null, manager?: EntityManager, userAgent?: string | null): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
    const token = this.random.token(256);
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
    const id = randomUUID();
    const repo = manager ? manager.getRepository(SessionEntity) : this.sessions;
    await repo.insert({ id, tokenHash: this.hash(token), userId: user.id, realmId: user.realmId, createdAt: now, expiresAt, revokedAt: null, ip: ip?.slice(0, 45) ?? null, userAgent: userAgent?.slice(0, 512) || null, lastSeenAt: now });
    return { token, sessionId: id, expiresAt };
  }

  /** The live session for a token in a realm, or null (unknown, expired, revoked, or user disabled). */
  validate(token: string, realmId: string): Promise<RequestAuth | null> {
    return this.check(token, realmId, (h) => this.cache.get(h));
  }

  /** As `validate`, for a caller that only reads the answer: a cached session is not copied. */
  peek(token: string, realmId: string): Promise<Readonly<RequestAuth> | null> {
    return this.check(token, realmId, (h) => this.cache.peek(h));
  }

  private async check(token: string, realmId: string, cached: (tokenHash: string) => LiveSession | undefined): Promise<RequestAuth | null> {
    if (!token || token.length > 100) return null;
    const h = this.hash(token);
    const auth: LiveSession | null = cached(h) ?? (await this.cache.load(h, () => this.lookup(h)));
    const now = this.clock.now();
    if (!auth || auth.user.realmId !== realmId || auth.expiresAt.getTime() <= now.getTime()) return null;
    // From the values loaded (or cached) with the session: at most one write a minute, never awaited.
    if (auth.activity) noteSessionActivity(this.sessions, auth.activity, now, (err) => this.logger.pino.warn({ err }, 'session lastSeenAt update failed'));
    return auth;
  }

  /** The session row joined with its user, if it is neither revoked nor its user disabled. */
  private async lookup(tokenHash: string): Promise<LiveSession | null> {
    const row = await this.sessions
      .createQueryBuilder('s')
      .innerJoinAndMapOne('s.user', UserEntity, 'u', 'u.id = s.userId')
      .where('s.tokenHash = :h', { h: tokenHash })
      .getOne();
    const user = (row as (SessionEntity & { user?: UserEntity }) | null)?.user;
    if (!row || !user) return null;
    if (row.realmId !== user.realmId || row.revokedAt || user.disabled) return null;
    return { sessionId: row.id, expiresAt: row.expiresAt, user, activity: { id: row.id, createdAt: row.createdAt, lastSeenAt: row.lastSeenAt } };
  }

  invalidating<T>(work: () => Promise<T>): Promise<T> {
    return this.cache.invalidating(work);
  }

  async revoke(sessionId: string): Promise<void> {
    await this.cache.invalidating(() => this.sessions.update({ id: sessionId, revokedAt: IsNull() }, { revokedAt: this.clock.now() }));
  }

  /** With `manager`, the caller's transaction must be inside `invalidating` (this joins it). */
  async revokeAllForUser(userId: string, options: { exceptSessionId?: string; manager?: EntityManager } = {}): Promise<number> {
    const repo = options.manager ? options.manager.getRepository(SessionEntity) : this.sessions;
    const where = options.exceptSessionId ? { userId, revokedAt: IsNull(), id: Not(options.exceptSessionId) } : { userId, revokedAt: IsNull() };
    const result = await this.cache.invalidating(() => repo.update(where, { revokedAt: this.clock.now() }));
    await this.sessionsEnded.notify(userId, options.manager);
    return result.affected ?? 0;
  }
}
