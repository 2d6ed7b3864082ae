import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuditEventType } from '../audit/audit-event-types';
import { Notifications } from '../notifications/notifications.port';
import type { RealmSettings } from '../realms/realm-settings';
import { UserEntity } from '../users/entities/user.entity';
import { UsersService } from '../users/users.service';
import { FactorKind, mfaNotice } from './mfa-notices';
import { mfaCovers } from './mfa-policy';
import { PasskeysService } from './passkeys/passkeys.service';
import { RecoveryCodesService } from './recovery-codes/recovery-codes.service';
import { TotpService } from './totp/totp.service';

export type SignInMethod = 'totp' | 'passkey' | 'recovery_code';

/** What `GET /me/mfa` shows. */
export interface MfaStatus {
  totp: { enabled: boolean; createdAt: string | null };
  passkeys: Array<{ id: string; name: string; createdAt: string; lastUsedAt: string | null }>;
  recoveryCodesLeft: number;
  required: boolean;
}

/**
 * A user's factors as a whole: which methods the sign-in offers, `users.mfaEnabled` kept with
 * them, and the notice and audit event that go with every change.
 */
@Injectable()
export class MfaFactorsService {
  constructor(
    private readonly totp: TotpService,
    private readonly passkeys: PasskeysService,
    private readonly codes: RecoveryCodesService,
    private readonly users: UsersService,
    private readonly notifications: Notifications,
    private readonly audit: AuditService,
  ) {}

  async status(user: UserEntity, settings: RealmSettings): Promise<MfaStatus> {
    const [totp, passkeys, left] = await Promise.all([this.totp.find(user.id), this.passkeys.list(user.id), this.codes.left(user.id)]);
    return {
      totp: { enabled: !!totp?.confirmedAt, createdAt: totp?.confirmedAt ? totp.confirmedAt.toISOString() : null },
      passkeys: passkeys.map((p) => ({ id: p.id, name: p.name, createdAt: p.createdAt.toISOString(), lastUsedAt: p.lastUsedAt ? p.lastUsedAt.toISOString() : null })),
      recoveryCodesLeft: left,
      required: mfaCovers(settings, user),
    };
  }

  /** The second-step methods open to the user. */
  async methods(userId: string, manager?: EntityManager): Promise<SignInMethod[]> {
    const [totp, passkeys, left] = await Promise.all([this.totp.find(userId, manager), this.passkeys.list(userId, manager), this.codes.left(userId, manager)]);
    const out: SignInMethod[] = [];
    if (totp?.confirmedAt) out.push('totp');
    if (passkeys.length) out.push('passkey');
    if (left > 0) out.push('recovery_code');
    return out;
  }

  /** How many confirmed factors (TOTP, passkeys) the user has. */
  async count(userId: string, manager?: EntityManager): Promise<number> {
    const [totp, passkeys] = await Promise.all([this.totp.find(userId, manager), this.passkeys.list(userId, manager)]);
    return (totp?.confirmedAt ? 1 : 0) + passkeys.length;
  }

  /**
   * After a factor was added or removed: keeps `users.mfaEnabled`; with the first factor come
   * the recovery codes (returned, shown once), with the last one they go.
   */
  async afterChange(user: UserEntity, manager: EntityManager): Promise<string[]> {
    const enabled = (await this.count(user.id, manager)) > 0;
    let codes: string[] = [];
    if (enabled && !user.mfaEnabled) codes = await this.codes.issue(user, manager);
    if (!enabled) await this.codes.removeAll(user.id, manager);
    if (enabled !== !!user.mfaEnabled) await this.users.repo(manager).update({ id: user.id }, { mfaEnabled: enabled });
    user.mfaEnabled = enabled;
    return codes;
  }

  /** The notice (if the user has a confirmed contact) and the audit event of a change. */
  async record(
    input: { realmId: string; settings: RealmSettings; user: UserEntity; type: AuditEventType; notice: 'mfa-factor-added' | 'mfa-factor-removed' | 'mfa-recovery-code-used' | 'mfa-reset' | null; factor?: FactorKind; actorId?: string; ip: string | null; details?: Record<string, unknown> },
    manager: EntityManager,
  ): Promise<void> {
    const { user } = input;
    if (input.notice) {
      const left = input.notice === 'mfa-recovery-code-used' ? await this.codes.left(user.id, manager) : undefined;
      const notice = mfaNotice(input.realmId, user, input.settings, input.notice, { factor: input.factor, left });
      if (notice) await this.notifications.queue(notice, manager);
    }
    await this.audit.record(
      { realmId: input.realmId, type: input.type, actorId: input.actorId ?? user.id, userId: user.id, organizationId: user.organizationId, ip: input.ip, details: { ...(input.factor ? { factor: input.factor } : {}), ...(input.details ?? {}) } },
      manager,
    );
  }

  /** Removes every factor and recovery code of the user (admin reset). */
  async removeAll(user: UserEntity, manager: EntityManager): Promise<void> {
    await this.totp.remove(user.id, manager);
    await this.passkeys.removeAll(user.id, manager);
    await this.codes.removeAll(user.id, manager);
    await this.users.repo(manager).update({ id: user.id }, { mfaEnabled: false });
    user.mfaEnabled = false;
  }
}
