import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Clock } from '../common/time/clock';
import { AuditEventType } from './audit-event-types';
import { AuditEventEntity } from './entities/audit-event.entity';

export interface AuditInput {
  realmId: string;
  type: AuditEventType;
  actorId?: string | null;
  userId?: string | null;
  organizationId?: string | null;
  ip?: string | null;
  /** Never a password, token, code or date of birth. */
  details?: Record<string, unknown>;
}

const FORBIDDEN_DETAIL_KEYS = /pass|token|code|secret|birth|answer|digits/i;

/** Appends security events; pass the transaction's manager to record inside it. */
@Injectable()
export class AuditService {
  constructor(
    @InjectRepository(AuditEventEntity) private readonly events: Repository<AuditEventEntity>,
    private readonly clock: Clock,
  ) {}

  async record(input: AuditInput, manager?: EntityManager): Promise<void> {
    const repo = manager ? manager.getRepository(AuditEventEntity) : this.events;
    const details = scrub(input.details ?? {}) as Record<string, unknown>;
    await repo.insert({
      id: randomUUID(),
      realmId: input.realmId,
      type: input.type,
      actorId: input.actorId ?? null,
      userId: input.userId ?? null,
      organizationId: input.organizationId ?? null,
      ip: input.ip ?? null,
      at: this.clock.now(),
      details: details as AuditEventEntity["details"] & object as never,
    });
  }
}

/** Drops secret-looking keys at every depth. */
function scrub(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrub);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).filter(([k]) => !FORBIDDEN_DETAIL_KEYS.test(k)).map(([k, v]) => [k, scrub(v)]));
  }
  return value;
}
