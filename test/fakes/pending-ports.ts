import { randomBytes, randomUUID } from 'node:crypto';
import { Global, Injectable, Module } from '@nestjs/common';
import { AccessRequests, AccessRequestView } from '../../src/admin/access-requests.port';
import { ResetLinks } from '../../src/admin/reset-links.port';
import { Clock } from '../../src/common/time/clock';

/**
 * Stand-ins for the ports the recovery module implements (reset links, access requests), for
 * admin tests written before that module was merged.
 */
@Injectable()
export class FakeResetLinks extends ResetLinks {
  readonly issued: Array<{ userId: string; token: string; expiresAt: Date; revoked: boolean }> = [];
  constructor(private readonly clock: Clock) {
    super();
  }
  async issue(input: { realmId: string; realmSlug: string; userId: string; ttlSeconds: number }): Promise<{ link: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.now().getTime() + input.ttlSeconds * 1000);
    this.issued.push({ userId: input.userId, token, expiresAt, revoked: false });
    return { link: `http://localhost:3000/realms/${input.realmSlug}/reset-password?token=${token}`, expiresAt };
  }
  async revokeAllForUser(userId: string): Promise<void> {
    for (const t of this.issued) if (t.userId === userId) t.revoked = true;
  }
}

@Injectable()
export class FakeAccessRequests extends AccessRequests {
  readonly rows: Array<AccessRequestView & { realmId: string }> = [];
  constructor(private readonly clock: Clock) {
    super();
  }
  add(realmId: string, user: { id: string; login: string; organizationId: string | null }, reason = 'no_confirmed_contact'): string {
    const id = randomUUID();
    this.rows.push({ id, realmId, userId: user.id, login: user.login, organizationId: user.organizationId, reason, status: 'open', createdAt: this.clock.now(), resolvedAt: null, resolvedBy: null, note: null });
    return id;
  }
  async list(realmId: string, filter: { status?: 'open' | 'resolved'; organizationId?: string }): Promise<AccessRequestView[]> {
    return this.rows
      .filter((r) => r.realmId === realmId && (!filter.status || r.status === filter.status) && (filter.organizationId === undefined || r.organizationId === filter.organizationId))
      .map(({ realmId: _r, ...view }) => view);
  }
  async find(realmId: string, id: string): Promise<AccessRequestView | null> {
    const row = this.rows.find((r) => r.realmId === realmId && r.id === id);
    if (!row) return null;
    const { realmId: _r, ...view } = row;
    return view;
  }
  async resolve(realmId: string, id: string, input: { actorId: string; note: string | null }): Promise<boolean> {
    const row = this.rows.find((r) => r.realmId === realmId && r.id === id && r.status === 'open');
    if (!row) return false;
    Object.assign(row, { status: 'resolved', resolvedAt: this.clock.now(), resolvedBy: input.actorId, note: input.note });
    return true;
  }
}

@Global()
@Module({
  providers: [
    FakeResetLinks,
    FakeAccessRequests,
    { provide: ResetLinks, useExisting: FakeResetLinks },
    { provide: AccessRequests, useExisting: FakeAccessRequests },
  ],
  exports: [ResetLinks, AccessRequests, FakeResetLinks, FakeAccessRequests],
})
export class PendingPortsModule {}
