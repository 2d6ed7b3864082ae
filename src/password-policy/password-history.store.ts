import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Clock } from '../common/time/clock';
import { PasswordHistoryEntity } from '../users/entities/password-history.entity';
import { UsersService } from '../users/users.service';

/**
 * The password history. Every password ever set through `PasswordPolicy.hashAndRecord` gets a
 * row, so the newest rows include the current password. Users whose hash was written directly
 * (bootstrap admin, test fixtures, imports) have no row for it: `recentHashes` then puts the
 * user's current `passwordHash` first, and `record` backfills it before the next password.
 */
@Injectable()
export class PasswordHistoryStore {
  constructor(
    @InjectRepository(PasswordHistoryEntity) private readonly history: Repository<PasswordHistoryEntity>,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  private repo(manager?: EntityManager): Repository<PasswordHistoryEntity> {
    return manager ? manager.getRepository(PasswordHistoryEntity) : this.history;
  }

  /** The last `limit` password hashes of the user, newest (the current one) first. */
  async recentHashes(userId: string, limit: number, manager?: EntityManager): Promise<string[]> {
    if (limit < 1) return [];
    const [rows, current] = await Promise.all([
      this.repo(manager).find({ where: { userId }, order: { createdAt: 'DESC' }, take: limit }),
      this.currentHash(userId, manager),
    ]);
    const hashes = rows.map((r) => r.passwordHash);
    if (current && !hashes.includes(current)) hashes.unshift(current);
    return hashes.slice(0, limit);
  }

  /** Appends a newly set hash; first backfills the user's current hash when it has no row. */
  async record(userId: string, hash: string, manager?: EntityManager): Promise<void> {
    const repo = this.repo(manager);
    const now = this.clock.now();
    const current = await this.currentHash(userId, manager);
    if (current && !(await repo.exists({ where: { userId, passwordHash: current } }))) {
      await repo.insert({ id: randomUUID(), userId, passwordHash: current, createdAt: new Date(now.getTime() - 1) });
    }
    await repo.insert({ id: randomUUID(), userId, passwordHash: hash, createdAt: now });
  }

  /** After a rehash (same password, new parameters) the history keeps pointing at the current password. */
  async replaceHash(userId: string, oldHash: string, newHash: string, manager?: EntityManager): Promise<void> {
    await this.repo(manager).update({ userId, passwordHash: oldHash }, { passwordHash: newHash });
  }

  private async currentHash(userId: string, manager?: EntityManager): Promise<string | null> {
    const user = await this.users.repo(manager).findOne({ where: { id: userId }, select: { id: true, passwordHash: true } });
    return user?.passwordHash ?? null;
  }
}
