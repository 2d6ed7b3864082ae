import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import { Clock } from '../common/time/clock';
import { isLocale, t } from '../i18n/i18n';
import { Notifications } from '../notifications/notifications.port';
import { UserEntity } from '../users/entities/user.entity';
import { UsersService } from '../users/users.service';
import { AccessRequestEntity, AccessRequestReason, AccessRequestStatus } from './entities/access-request.entity';

/** An access request as administrators see it (API.md: GET /admin/access-requests items). */
export interface AccessRequestView {
  id: string;
  userId: string;
  login: string;
  organizationId: string | null;
  reason: AccessRequestReason;
  status: AccessRequestStatus;
  createdAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
  note: string | null;
}

export interface OpenAccessRequestInput {
  realmId: string;
  user: UserEntity;
  reason: AccessRequestReason;
  /** Locale for admins who have none of their own (the realm's default). */
  defaultLocale: string;
  ip?: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Users who could not restore access alone, queued for their organisation's admins. Recovery
 * opens them; the admin module lists and resolves them.
 */
@Injectable()
export class AccessRequestsService {
  constructor(
    @InjectRepository(AccessRequestEntity) private readonly requests: Repository<AccessRequestEntity>,
    private readonly users: UsersService,
    private readonly notifications: Notifications,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private repo(manager?: EntityManager): Repository<AccessRequestEntity> {
    return manager ? manager.getRepository(AccessRequestEntity) : this.requests;
  }

  /**
   * Opens a request for the user unless one is already open (then returns it, sending nothing):
   * the row, an `access_request.created` audit event, and an `access-request` notice to each
   * org_admin of the user's organisation with a confirmed e-mail — all in the caller's transaction.
   */
  async open(input: OpenAccessRequestInput, manager?: EntityManager): Promise<{ id: string; created: boolean }> {
    const repo = this.repo(manager);
    const existing = await repo.findOne({ where: { userId: input.user.id, status: 'open' } });
    if (existing) return { id: existing.id, created: false };
    const id = randomUUID();
    const { user } = input;
    await repo.insert({ id, realmId: input.realmId, userId: user.id, organizationId: user.organizationId, reason: input.reason, status: 'open', createdAt: this.clock.now(), resolvedAt: null, resolvedBy: null, note: null });
    await this.audit.record({ realmId: input.realmId, type: 'access_request.created', userId: user.id, organizationId: user.organizationId, ip: input.ip ?? null, details: { accessRequestId: id, reason: input.reason } }, manager);
    for (const admin of await this.organizationAdmins(input.realmId, user.organizationId, manager)) {
      const locale = isLocale(admin.locale) ? admin.locale : isLocale(input.defaultLocale) ? input.defaultLocale : 'en';
      await this.notifications.queue(
        { realmId: input.realmId, userId: user.id, notice: 'access-request', channel: 'email', to: admin.email!, locale, params: { login: user.login, reason: t(locale, `recovery.reason_${input.reason}`) } },
        manager,
      );
    }
    return { id, created: true };
  }

  /** Requests of a realm, optionally of one organisation and one status, newest first. */
  async list(filter: { realmId: string; organizationId?: string | null; status?: AccessRequestStatus }, manager?: EntityManager): Promise<AccessRequestView[]> {
    const qb = this.repo(manager)
      .createQueryBuilder('r')
      .innerJoinAndMapOne('r.user', UserEntity, 'u', 'u.id = r.userId')
      .where('r.realmId = :realmId', { realmId: filter.realmId })
      .orderBy('r.createdAt', 'DESC')
      .addOrderBy('r.id', 'ASC');
    if (filter.organizationId !== undefined) {
      if (filter.organizationId === null) qb.andWhere('r.organizationId IS NULL');
      else qb.andWhere('r.organizationId = :org', { org: filter.organizationId });
    }
    if (filter.status) qb.andWhere('r.status = :status', { status: filter.status });
    const rows = (await qb.getMany()) as Array<AccessRequestEntity & { user: UserEntity }>;
    return rows.map((r) => toView(r, r.user.login));
  }

  /** One request of the realm (and of the organisation, when given), or null. */
  async find(realmId: string, id: string, organizationId?: string | null, manager?: EntityManager): Promise<AccessRequestEntity | null> {
    if (!UUID.test(id)) return null;
    const row = await this.repo(manager).findOne({ where: { id, realmId } });
    if (!row || (organizationId !== undefined && row.organizationId !== organizationId)) return null;
    return row;
  }

  /**
   * Resolves an open request with an optional note and records `access_request.resolved`.
   * Unknown, out-of-scope (when `organizationId` is given) or malformed id: 404 access_request_not_found.
   * Resolving a resolved request changes nothing.
   */
  async resolve(input: { realmId: string; id: string; actorId: string; note?: string | null; organizationId?: string | null; ip?: string | null }, manager?: EntityManager): Promise<void> {
    const row = await this.find(input.realmId, input.id, input.organizationId, manager);
    if (!row) throw new DomainError('access_request_not_found');
    const result = await this.repo(manager).update({ id: row.id, status: 'open' }, { status: 'resolved', resolvedAt: this.clock.now(), resolvedBy: input.actorId, note: input.note ?? null });
    if (!result.affected) return;
    await this.audit.record({ realmId: input.realmId, type: 'access_request.resolved', actorId: input.actorId, userId: row.userId, organizationId: row.organizationId, ip: input.ip ?? null, details: { accessRequestId: row.id } }, manager);
  }

  private async organizationAdmins(realmId: string, organizationId: string | null, manager?: EntityManager): Promise<UserEntity[]> {
    if (!organizationId) return [];
    const members = await this.users.repo(manager).find({ where: { realmId, organizationId, emailVerified: true, disabled: false } });
    return members.filter((u) => u.roles.includes('org_admin') && u.email);
  }
}

function toView(r: AccessRequestEntity, login: string): AccessRequestView {
  return {
    id: r.id,
    userId: r.userId,
    login,
    organizationId: r.organizationId,
    reason: r.reason,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    resolvedAt: r.resolvedAt ? r.resolvedAt.toISOString() : null,
    resolvedBy: r.resolvedBy,
    note: r.note,
  };
}
