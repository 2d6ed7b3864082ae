import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, FindOptionsWhere, IsNull, LessThan, MoreThan, Repository } from 'typeorm';
import { Clock } from '../common/time/clock';
import { MfaChallengeEntity, MfaChallengePurpose } from './entities/mfa-challenge.entity';

/** Short-lived second-factor states: sign-ins waiting for their factor, WebAuthn challenges. */
@Injectable()
export class MfaChallengesService {
  constructor(
    @InjectRepository(MfaChallengeEntity) private readonly challenges: Repository<MfaChallengeEntity>,
    private readonly clock: Clock,
  ) {}

  repo(manager?: EntityManager): Repository<MfaChallengeEntity> {
    return manager ? manager.getRepository(MfaChallengeEntity) : this.challenges;
  }

  async create(
    input: { realmId: string; userId: string | null; purpose: MfaChallengePurpose; ttlSeconds: number; tokenHash?: string; challenge?: string },
    manager?: EntityManager,
  ): Promise<MfaChallengeEntity> {
    const now = this.clock.now();
    const row: MfaChallengeEntity = {
      id: randomUUID(),
      realmId: input.realmId,
      userId: input.userId,
      purpose: input.purpose,
      tokenHash: input.tokenHash ?? null,
      challenge: input.challenge ?? null,
      attempts: 0,
      expiresAt: new Date(now.getTime() + input.ttlSeconds * 1000),
      consumedAt: null,
      createdAt: now,
    };
    const repo = this.repo(manager);
    // Expired states are of no use to anyone: each new one sweeps a few away.
    await repo.delete({ expiresAt: LessThan(new Date(now.getTime() - 3600_000)) });
    await repo.insert(row);
    return row;
  }

  /** A live (unexpired, unconsumed) state of the realm, by a predicate. */
  async findLive(where: Partial<Pick<MfaChallengeEntity, 'id' | 'tokenHash' | 'userId' | 'purpose' | 'realmId'>>, manager?: EntityManager): Promise<MfaChallengeEntity | null> {
    const live: FindOptionsWhere<MfaChallengeEntity> = { ...(where as FindOptionsWhere<MfaChallengeEntity>), consumedAt: IsNull(), expiresAt: MoreThan(this.clock.now()) };
    return this.repo(manager).findOne({ where: live, order: { createdAt: 'DESC' } });
  }

  /** Marks the state used; false when another request got there first. */
  async consume(id: string, manager?: EntityManager): Promise<boolean> {
    const result = await this.repo(manager).update({ id, consumedAt: IsNull() }, { consumedAt: this.clock.now() });
    return !!result.affected;
  }

  /** Counts one attempt before it is checked; false when `max` were already made. */
  async countAttempt(id: string, max: number, manager?: EntityManager): Promise<number | null> {
    const result = await this.repo(manager)
      .createQueryBuilder()
      .update(MfaChallengeEntity)
      .set({ attempts: () => '"attempts" + 1' })
      .where('id = :id', { id })
      .andWhere('"attempts" < :max', { max })
      .execute();
    if (!result.affected) return null;
    const row = await this.repo(manager).findOne({ where: { id }, select: { id: true, attempts: true } });
    return row?.attempts ?? max;
  }

  async setChallenge(id: string, challenge: string, manager?: EntityManager): Promise<void> {
    await this.repo(manager).update({ id }, { challenge });
  }

  /** Drops every state of a user of one purpose (a new WebAuthn ceremony replaces the old one). */
  async dropForUser(userId: string, purposes: MfaChallengePurpose[], manager?: EntityManager): Promise<void> {
    for (const purpose of purposes) await this.repo(manager).delete({ userId, purpose });
  }
}
