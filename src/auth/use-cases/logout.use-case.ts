import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import type { RequestAuth } from '../../common/http/app-request';
import { SessionsService } from '../sessions.service';

/** Ends this session only (the user's others stay) and records `session.ended`. */
@Injectable()
export class LogoutUseCase {
  constructor(
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  async execute(auth: RequestAuth, ip: string | null): Promise<void> {
    await this.sessions.revoke(auth.sessionId);
    const { user } = auth;
    await this.audit.record({ realmId: user.realmId, type: 'session.ended', actorId: user.id, userId: user.id, organizationId: user.organizationId, ip, details: { reason: 'logout' } });
  }
}
