import { randomUUID } from 'node:crypto';
import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import { AppLogger } from '../common/logging/app-logger';
import { Clock } from '../common/time/clock';
import { isLocale, t } from '../i18n/i18n';
import { Notifications } from '../notifications/notifications.port';
import { RealmsService } from '../realms/realms.service';
import { Role, UserEntity } from '../users/entities/user.entity';
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
  /** Kept for callers; admins without a locale of their own get the realm's default when notified. */
  defaultLocale?: string;
  ip?: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * How long after a request opens its admins are notified (in one batch with any other request
 * opened meanwhile): long enough that the work never rides on the request that caused it. Also
 * how often pending notices are swept up (e.g. after a restart), and how many at a time.
 */
export const ADMIN_NOTICE_DELAY_MS = 1000;
export const ADMIN_NOTICE_SWEEP_MS = 60 * 1000;
const NOTICE_BATCH = 50;

/**
 * Users who could not restore access alone, queued for their organisation's admins. Recovery
 * opens them; the admin module lists and resolves them.
 *
 * Opening writes one row on the request path, whoever the user and however many admins there are
 * (the request path of a known user must cost what an unknown login's does); the notices to the
 * admins are queued after the request's transaction commits, by `notifyAdmins()`.
 */
@Injectable()
export class AccessRequestsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private soon?: NodeJS.Timeout;
  private running: Promise<number> = Promise.resolve(0);
  private closing = false;

  constructor(
    @InjectRepository(AccessRequestEntity) private readonly requests: Repository<AccessRequestEntity>,
    private readonly users: UsersService,
    private readonly realms: RealmsService,
    private readonly notifications: Notifications,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly logger: AppLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (!this.closing) this.notifyAdmins().catch((err: unknown) => this.logger.pino.warn({ err }, 'access request notices failed'));
    }, ADMIN_NOTICE_SWEEP_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
    this.closing = true;
    await this.running.catch(() => undefined);
  }

  private repo(manager?: EntityManager): Repository<AccessRequestEntity> {
    return manager ? manager.getRepository(AccessRequestEntity) : this.requests;
  }

  /**
   * Opens a request for the user unless one is already open (then returns that one): the row and
   * an `access_request.created` audit event, in the caller's transaction. At most one request per
   * user is open — a partial unique index decides between concurrent callers, and the losers'
   * inserts are ignored, not failed, so the caller's transaction carries on. Once the caller has
   * committed, it calls `notifyAdminsSoon()` (when `created`) to send the admins their notices.
   */
  async open(input: OpenAccessRequestInput, manager?: EntityManager): Promise<{ id: string; created: boolean }> {
    const repo = this.repo(manager);
    const id = randomUUID();
    const { user } = input;
    await repo
      .createQueryBuilder()
      .insert()
      .into(AccessRequestEntity)
      .values({ id, realmId: input.realmId, userId: user.id, organizationId: user.organizationId, reason: input.reason, status: 'open', createdAt: this.clock.now(), resolvedAt: null, resolvedBy: null, note: null, adminsNotifiedAt: null })
      .orIgnore()
      .execute();
    const open = await repo.findOne({ where: { userId: user.id, status: 'open' }, select: { id: true } });
    if (open && open.id !== id) return { id: open.id, created: false };
    await this.audit.record({ realmId: input.realmId, type: 'access_request.created', userId: user.id, organizationId: user.organizationId, ip: input.ip ?? null, details: { accessRequestId: id, reason: input.reason } }, manager);
    return { id, created: true };
  }

  /** Runs `notifyAdmins()` in the background `ADMIN_NOTICE_DELAY_MS` from now (one run for a burst), logging a failure. */
  notifyAdminsSoon(): void {
    if (this.soon || this.closing) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      if (this.closing) return;
      this.notifyAdmins().catch((err: unknown) => this.logger.pino.warn({ err }, 'access request notices failed'));
    }, ADMIN_NOTICE_DELAY_MS);
    this.soon.unref();
  }

  /**
   * Queues the `access-request` notices of every request not yet announced: to each org_admin of
   * the user's organisation with a confirmed e-mail — or, for a user without an organisation (or
   * an organisation without such an admin), to each realm_admin with one. Each request is claimed
   * by a conditional update in the transaction that queues its notices, so no request is announced
   * twice, across instances too. Resolves (with how many were announced) once this and any
   * earlier run are done; runs do not overlap.
   */
  notifyAdmins(): Promise<number> {
    const run = this.running.catch(() => 0).then(() => this.announcePending());
    this.running = run.catch(() => 0);
    return run;
  }

  private async announcePending(): Promise<number> {
    const pending = await this.requests.find({ where: { adminsNotifiedAt: IsNull() }, order: { createdAt: 'ASC' }, take: NOTICE_BATCH });
    let announced = 0;
    for (const row of pending) {
      // Read before the transaction: on SQLite a query outside it would wait for it to end.
      const defaultLocale = (await this.realms.findById(row.realmId))?.settings.defaultLocale ?? 'en';
      const done = await this.requests.manager.transaction(async (m) => {
        const claimed = await m.getRepository(AccessRequestEntity).update({ id: row.id, adminsNotifiedAt: IsNull() }, { adminsNotifiedAt: this.clock.now() });
        if (!claimed.affected) return false;
        const user = await this.users.findById(row.realmId, row.userId, m);
        if (!user) return true;
        for (const admin of await this.admins(row.realmId, row.organizationId, m)) {
          const locale = isLocale(admin.locale) ? admin.locale : isLocale(defaultLocale) ? defaultLocale : 'en';
          await this.notifications.queue(
            { realmId: row.realmId, userId: user.id, notice: 'access-request', channel: 'email', to: admin.email!, locale, params: { login: user.login, reason: t(locale, `recovery.reason_${row.reason}`) } },
            m,
          );
        }
        return true;
      });
      if (done) announced++;
    }
    return announced;
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

  /**
   * Who hears of a request: the organisation's org_admins, else the realm's realm_admins — enabled,
   * with a confirmed e-mail. Roles are a JSON text column: the role is matched in SQL, so the cost
   * does not grow with the organisation's members.
   */
  private async admins(realmId: string, organizationId: string | null, manager: EntityManager): Promise<UserEntity[]> {
    const find = (role: Role, org: string | null) => {
      const qb = this.users
        .repo(manager)
        .createQueryBuilder('u')
        .where('u.realmId = :realmId', { realmId })
        .andWhere('u.emailVerified = :yes', { yes: true })
        .andWhere('u.disabled = :no', { no: false })
        .andWhere('u.email IS NOT NULL')
        .andWhere('u.roles LIKE :role', { role: `%"${role}"%` })
        .orderBy('u.createdAt', 'ASC')
        .addOrderBy('u.id', 'ASC');
      if (org) qb.andWhere('u.organizationId = :org', { org });
      return qb.getMany();
    };
    const orgAdmins = organizationId ? await find('org_admin', organizationId) : [];
    return orgAdmins.length ? orgAdmins : find('realm_admin', null);
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

