import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, MoreThan, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { SessionEntity } from '../auth/entities/session.entity';
import { SessionsService } from '../auth/sessions.service';
import { DomainError } from '../common/errors/domain-error';
import type { RequestAuth } from '../common/http/app-request';
import { Clock } from '../common/time/clock';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The signed-in user's own sessions: list them, end one, end all others (`session.ended`). */
@Injectable()
export class MySessionsService {
  constructor(
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
    private readonly sessionsService: SessionsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Live sessions, newest first. */
  async list(auth: RequestAuth): Promise<SessionEntity[]> {
    return this.sessions.find({
      where: { userId: auth.user.id, revokedAt: IsNull(), expiresAt: MoreThan(this.clock.now()) },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: 200,
    });
  }

  /** Ends one of the caller's live sessions (the current one too); anything else is 404 session_not_found. */
  async end(auth: RequestAuth, sessionId: string, ip: string | null): Promise<void> {
    if (!UUID.test(sessionId)) throw new DomainError('session_not_found');
    const own = await this.sessions.findOne({ where: { id: sessionId, userId: auth.user.id, revokedAt: IsNull(), expiresAt: MoreThan(this.clock.now()) }, select: { id: true } });
    if (!own) throw new DomainError('session_not_found');
    // Through SessionsService, so that whatever the session check caches learns of it too.
    await this.sessionsService.revoke(sessionId);
    await this.record(auth, ip, { reason: 'ended_by_user', sessionId, current: sessionId === auth.sessionId });
  }

  /** Ends every live session of the caller but the current one. */
  async endOthers(auth: RequestAuth, ip: string | null): Promise<number> {
    const count = await this.sessionsService.revokeAllForUser(auth.user.id, { exceptSessionId: auth.sessionId });
    if (count > 0) await this.record(auth, ip, { reason: 'ended_by_user', count });
    return count;
  }

  private async record(auth: RequestAuth, ip: string | null, details: Record<string, unknown>): Promise<void> {
    const { user } = auth;
    await this.audit.record({ realmId: user.realmId, type: 'session.ended', actorId: user.id, userId: user.id, organizationId: user.organizationId, ip, details });
  }
}
