import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessRequestsService } from '../../access-requests/access-requests.service';
import { AuditService } from '../../audit/audit.service';
import { CaptchaVerifier } from '../../captcha/captcha-verifier.port';
import { DomainError } from '../../common/errors/domain-error';
import type { RequestRealm } from '../../common/http/app-request';
import { NoticeRequest, Notifications } from '../../notifications/notifications.port';
import { normalizeEmail } from '../../users/login';
import { UsersService } from '../../users/users.service';
import { ContactMatch, findContactMatches, normalizePhone } from '../contact-matches';
import { RecoveryFlowsService } from '../recovery-flows.service';
import { RecoveryLimitsService } from '../recovery-limits.service';
import { assertCaptcha } from '../required-fields';
import { ResetTokensService } from '../reset-tokens.service';

export interface RecoverLoginInput {
  email?: string;
  phone?: string;
  birthDate: string;
  captchaId?: string;
  captchaAnswer?: string;
  ip: string | null;
}

/**
 * Forgot login (`login`) and forgot both (`both`): e-mail and/or phone + date of birth + captcha.
 * The login (with a reset link for `both`) goes to each confirmed contact entered, only when the
 * date of birth matches; the caller answers the same whatever happened. One transaction, and the
 * same writes whether or not anyone matched: a cooldown slot, a flow and an audit event per
 * subject (the matched user, or the contact entered), plus the token and messages when sent.
 */
@Injectable()
export class RecoverLoginUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly flows: RecoveryFlowsService,
    private readonly limits: RecoveryLimitsService,
    private readonly tokens: ResetTokensService,
    private readonly captcha: CaptchaVerifier,
    private readonly notifications: Notifications,
    private readonly accessRequests: AccessRequestsService,
    private readonly audit: AuditService,
  ) {}

  async execute(realm: RequestRealm, kind: 'login' | 'both', input: RecoverLoginInput): Promise<void> {
    const s = realm.settings;
    if (!input.email && !input.phone) throw new DomainError('validation_failed', { fields: ['email', 'phone'].map((field) => ({ field, message: 'required' })) });
    const phone = input.phone ? normalizePhone(input.phone, s.defaultLocale) : undefined;
    await assertCaptcha(this.captcha, realm.id, input.captchaId, input.captchaAnswer);
    // A fixed order, so that concurrent requests take the users' cooldown rows in the same order.
    const matches = (await findContactMatches(this.users, realm.id, { email: input.email, phone, birthDate: input.birthDate })).sort((a, b) => (a.user.id < b.user.id ? -1 : 1));
    let accessRequestCreated = false;
    await this.dataSource.transaction(async (m) => {
      if (matches.length === 0) {
        // Same shape of work for nobody: a decoy keyed by the contact entered.
        const subjectKey = this.flows.subjectKey(realm.id, `contact:${input.email ? normalizeEmail(input.email) : ''}:${phone ?? ''}`);
        await this.limits.claimCooldown({ realmId: realm.id, scope: `cooldown:${kind}`, subject: subjectKey }, s.recoveryCooldownSeconds, m);
        await this.flows.create({ realmId: realm.id, userId: null, decoy: true, subjectKey, kind, state: 'completed', phone: null, ttlSeconds: s.resetLinkTtlSeconds }, m);
        await this.audit.record({ realmId: realm.id, type: 'recovery.requested', ip: input.ip, details: { kind, outcome: 'no_match' } }, m);
      }
      for (const match of matches) if (await this.recoverOne(realm, kind, match, input.ip, m)) accessRequestCreated = true;
    });
    if (accessRequestCreated) this.accessRequests.notifyAdminsSoon();
  }

  /** One matched user; true when an access request was opened. */
  private async recoverOne(realm: RequestRealm, kind: 'login' | 'both', match: ContactMatch, ip: string | null, m: EntityManager): Promise<boolean> {
    const s = realm.settings;
    const { user } = match;
    const reachable = Boolean(match.email || match.phone);
    let created = false;
    if (!reachable) created = (await this.accessRequests.open({ realmId: realm.id, user, reason: 'no_confirmed_contact', defaultLocale: s.defaultLocale, ip }, m)).created;
    else if (kind === 'both' && !user.canChangeOwnPassword) created = (await this.accessRequests.open({ realmId: realm.id, user, reason: 'cannot_change_password', defaultLocale: s.defaultLocale, ip }, m)).created;
    const subjectKey = this.flows.subjectKey(realm.id, user.login);
    const claimed = await this.limits.claimCooldown({ realmId: realm.id, scope: `cooldown:${kind}`, subject: subjectKey }, s.recoveryCooldownSeconds, m);
    const send = reachable && claimed;
    const withLink = send && kind === 'both' && user.canChangeOwnPassword;
    const flow = await this.flows.create({ realmId: realm.id, userId: user.id, decoy: false, subjectKey, kind, state: withLink ? 'requested' : 'completed', phone: null, ttlSeconds: s.resetLinkTtlSeconds }, m);
    const channels = send ? [match.email && 'email', match.phone && 'sms'].filter(Boolean) : [];
    if (send) {
      const issued = withLink ? await this.tokens.issue({ realmId: realm.id, realmSlug: realm.slug, userId: user.id, flowId: flow.id, ttlSeconds: s.resetLinkTtlSeconds }, m) : null;
      const locale = user.locale ?? s.defaultLocale;
      for (const [channel, to] of [['email', match.email], ['sms', match.phone]] as const) {
        if (!to) continue;
        const notice: Pick<NoticeRequest, 'notice' | 'params' | 'secrets'> = issued
          ? { notice: 'login-and-reset-link', params: { ttlSeconds: s.resetLinkTtlSeconds }, secrets: { login: user.login, link: issued.link } }
          : { notice: 'login-reminder', secrets: { login: user.login } };
        await this.notifications.queue({ realmId: realm.id, userId: user.id, channel, to, locale, ...notice }, m);
      }
    }
    const outcome = !reachable ? { outcome: 'access_request' } : claimed ? {} : { outcome: 'cooldown' };
    await this.audit.record({ realmId: realm.id, type: 'recovery.requested', userId: user.id, organizationId: user.organizationId, ip, details: { kind, channels, ...outcome } }, m);
    return created;
  }
}
