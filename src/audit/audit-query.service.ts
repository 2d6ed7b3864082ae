import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, SelectQueryBuilder } from 'typeorm';
import { AuditEventType } from './audit-event-types';
import { AuditEventEntity } from './entities/audit-event.entity';

export interface AuditFilter {
  realmId: string;
  /** Only events about users of this organisation (an org_admin's view). */
  organizationId?: string;
  userId?: string;
  /** Only events about the users this subquery selects (an org_admin's current reach), kept in SQL. */
  subjectIn?: { sql: string; params: Record<string, unknown> };
  type?: AuditEventType;
  /** Inclusive lower and exclusive upper bound on `at`. */
  since?: Date;
  until?: Date;
}

/** The read side of the audit log: pages newest first, and an oldest-first walk for exports. */
@Injectable()
export class AuditQueryService {
  constructor(@InjectRepository(AuditEventEntity) private readonly events: Repository<AuditEventEntity>) {}

  async page(filter: AuditFilter, page: number, pageSize: number): Promise<{ items: AuditEventEntity[]; total: number }> {
    const [items, total] = await this.query(filter)
      .orderBy('e.at', 'DESC')
      .addOrderBy('e.seq', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items, total };
  }

  /** Every matching event, oldest first, fetched in batches (for the CLI export). */
  async *walk(filter: AuditFilter, batchSize = 500): AsyncGenerator<AuditEventEntity> {
    for (let offset = 0; ; offset += batchSize) {
      const batch = await this.query(filter).orderBy('e.at', 'ASC').addOrderBy('e.seq', 'ASC').addOrderBy('e.id', 'ASC').skip(offset).take(batchSize).getMany();
      yield* batch;
      if (batch.length < batchSize) return;
    }
  }

  private query(f: AuditFilter): SelectQueryBuilder<AuditEventEntity> {
    const qb = this.events.createQueryBuilder('e').where('e.realmId = :realmId', { realmId: f.realmId });
    if (f.organizationId !== undefined) qb.andWhere('e.organizationId = :org', { org: f.organizationId });
    if (f.userId !== undefined) qb.andWhere('e.userId = :userId', { userId: f.userId });
    if (f.subjectIn) qb.andWhere(`e.userId IN (${f.subjectIn.sql})`, f.subjectIn.params);
    if (f.type !== undefined) qb.andWhere('e.type = :type', { type: f.type });
    if (f.since) qb.andWhere('e.at >= :since', { since: f.since });
    if (f.until) qb.andWhere('e.at < :until', { until: f.until });
    return qb;
  }
}
