import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SecretBox } from '../../common/crypto/secret-box';
import { Clock } from '../../common/time/clock';
import { NOTICE_NAMES, NoticeRequest, Notifications } from '../notifications.port';
import { OutboxStore } from './outbox.store';

const CHANNELS = ['email', 'sms'];

/**
 * `Notifications` backed by the transactional outbox: `queue` only inserts a row (in the
 * caller's transaction when given its manager); the worker delivers it later.
 */
@Injectable()
export class OutboxNotifications extends Notifications {
  constructor(
    private readonly store: OutboxStore,
    private readonly secretBox: SecretBox,
    private readonly clock: Clock,
  ) {
    super();
  }

  async queue(request: NoticeRequest, manager?: EntityManager): Promise<void> {
    assertValid(request);
    const now = this.clock.now();
    const secrets = request.secrets && Object.keys(request.secrets).length ? this.secretBox.encrypt(JSON.stringify(request.secrets)) : null;
    await this.store.insert(
      {
        id: randomUUID(),
        realmId: request.realmId,
        userId: request.userId ?? null,
        notice: request.notice,
        channel: request.channel,
        recipient: request.to,
        locale: request.locale.slice(0, 10),
        params: request.params ?? {},
        secrets,
        status: 'pending',
        attempts: 0,
        availableAt: now,
        leaseToken: null,
        lastError: null,
        providerMessageId: null,
        createdAt: now,
        updatedAt: now,
        sentAt: null,
      },
      manager,
    );
  }
}

/** A bad request here is a caller's bug, so it fails loudly (and rolls the caller's transaction back). */
function assertValid(r: NoticeRequest): void {
  const problems: string[] = [];
  if (!(NOTICE_NAMES as readonly string[]).includes(r.notice)) problems.push(`unknown notice "${r.notice}"`);
  if (!CHANNELS.includes(r.channel)) problems.push(`unknown channel "${r.channel}"`);
  if (typeof r.to !== 'string' || !r.to.trim() || r.to.length > 320) problems.push('`to` must be a non-empty address of at most 320 characters');
  if (typeof r.realmId !== 'string' || !r.realmId) problems.push('`realmId` is required');
  if (typeof r.locale !== 'string') problems.push('`locale` is required');
  for (const [k, v] of Object.entries(r.params ?? {})) if (typeof v !== 'string' && typeof v !== 'number') problems.push(`param "${k}" must be a string or number`);
  for (const [k, v] of Object.entries(r.secrets ?? {})) if (typeof v !== 'string') problems.push(`secret "${k}" must be a string`);
  if (problems.length) throw new Error(`Invalid notice request: ${problems.join('; ')}`);
}
