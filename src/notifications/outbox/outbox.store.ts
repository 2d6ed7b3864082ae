import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { OutboxMessageEntity } from './outbox-message.entity';

const DUE_STATUSES = ['pending', 'sending'] as const;

/** Outbox rows: insert, claim with a lease, and state changes guarded by the lease token. */
@Injectable()
export class OutboxStore {
  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(OutboxMessageEntity) private readonly repo: Repository<OutboxMessageEntity>,
  ) {}

  async insert(row: OutboxMessageEntity, manager?: EntityManager): Promise<void> {
    await (manager ? manager.getRepository(OutboxMessageEntity) : this.repo).insert(row);
  }

  /**
   * Claims up to `limit` due messages (pending and due, or sending with an expired lease) for
   * the holder of `token` until `leaseUntil`, counting the attempt. Each row goes to one claimer.
   */
  async claimDue(now: Date, limit: number, leaseUntil: Date, token: string): Promise<OutboxMessageEntity[]> {
    const claim = { status: 'sending' as const, leaseToken: token, availableAt: leaseUntil, attempts: () => '"attempts" + 1', updatedAt: now };
    if (this.dataSource.options.type === 'postgres') {
      // Concurrent workers skip each other's locked rows instead of queueing behind them.
      return this.dataSource.transaction(async (m) => {
        const rows = await m
          .getRepository(OutboxMessageEntity)
          .createQueryBuilder('o')
          .select('o.id')
          .where('o.status IN (:...due)', { due: DUE_STATUSES })
          .andWhere('o.availableAt <= :now', { now })
          .orderBy('o.availableAt', 'ASC')
          .limit(limit)
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .getMany();
        if (!rows.length) return [];
        const ids = rows.map((r) => r.id);
        await m.createQueryBuilder().update(OutboxMessageEntity).set(claim).where({ id: In(ids) }).execute();
        return m.getRepository(OutboxMessageEntity).find({ where: { id: In(ids) }, order: { createdAt: 'ASC' } });
      });
    }
    // SQLite has no row locks: a conditional UPDATE is the claim; whoever changes the row owns it.
    // A worker that lost every race looks again, so "nothing claimed" means "nothing due".
    const claimed: string[] = [];
    for (let round = 0; round < 5 && claimed.length === 0; round++) {
      const candidates = await this.repo
        .createQueryBuilder('o')
        .select('o.id')
        .where('o.status IN (:...due)', { due: DUE_STATUSES })
        .andWhere('o.availableAt <= :now', { now })
        .orderBy('o.availableAt', 'ASC')
        .limit(limit)
        .getMany();
      if (!candidates.length) break;
      for (const { id } of candidates) {
        const res = await this.repo
          .createQueryBuilder()
          .update(OutboxMessageEntity)
          .set(claim)
          .where('id = :id', { id })
          .andWhere('status IN (:...due)', { due: DUE_STATUSES })
          .andWhere('"availableAt" <= :now', { now })
          .execute();
        if (res.affected === 1) claimed.push(id);
      }
    }
    if (!claimed.length) return [];
    return this.repo.find({ where: { id: In(claimed) }, order: { createdAt: 'ASC' } });
  }

  /** Sent: secrets erased, never due again. False when the lease was lost meanwhile. */
  async markSent(id: string, token: string, now: Date, providerMessageId: string | undefined): Promise<boolean> {
    const res = await this.repo.update(
      { id, leaseToken: token },
      { status: 'sent', secrets: null, leaseToken: null, lastError: null, sentAt: now, updatedAt: now, providerMessageId: providerMessageId?.slice(0, 200) ?? null },
    );
    return res.affected === 1;
  }

  /** Back to pending until `availableAt`, after a failed attempt that may succeed later. */
  async reschedule(id: string, token: string, availableAt: Date, reason: string, now: Date): Promise<boolean> {
    const res = await this.repo.update({ id, leaseToken: token }, { status: 'pending', leaseToken: null, availableAt, lastError: reason, updatedAt: now });
    return res.affected === 1;
  }

  /** Failed for good, secrets erased; `then` runs in the same transaction (the audit event). */
  async markFailed(id: string, token: string, reason: string, now: Date, then: (m: EntityManager) => Promise<void>): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      const res = await m
        .getRepository(OutboxMessageEntity)
        .update({ id, leaseToken: token }, { status: 'failed', secrets: null, leaseToken: null, lastError: reason, updatedAt: now });
      if (res.affected !== 1) return false;
      await then(m);
      return true;
    });
  }

  /** Messages not yet sent or failed (the `notifications_queued` gauge). */
  async countWaiting(): Promise<number> {
    return this.repo.count({ where: { status: In([...DUE_STATUSES]) } });
  }

  async findById(id: string): Promise<OutboxMessageEntity | null> {
    return this.repo.findOne({ where: { id } });
  }
}
