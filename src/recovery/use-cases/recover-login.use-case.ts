import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessRequestsService } from '../../access-requests/access-requests.service';
import { AuditService } from '../../audit/audit.service';
import { CaptchaVerifier } from '../../captcha/captcha-verifier.port';
import { DomainError } from '../../common/errors/domain-error';
import type { RequestRealm } from '../../common/http/app-request';
import { Clock } from '../../common/time/clock';
import { NoticeRequest, Notifications } from '../../notifications/notifications.port';
import { UsersService } from '../../users/users.service';
import { ContactMatch, findContactMatches, normalizePhone } from '../contact-matches';
import { RecoveryFlowsService } from '../recovery-flows.service';
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
 * date of birth matches; the caller answers the same whatever happened. One transaction.
 */
@Injectable()
export class RecoverLoginUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly flows: RecoveryFlowsService,
    private readonly tokens: ResetTokensService,
    private readonly captcha: CaptchaVerifier,
    private readonly notifications: Notifications,
    private readonly accessRequests: AccessRequestsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async execute(realm: RequestRealm, kind: 'login' | 'both', input: RecoverLoginInput): Promise<void> {
    const s = realm.settings;
    if (!input.email && !input.phone) throw new DomainError('validation_failed', { fields: ['email', 'phone'].map((field) => ({ field, message: 'required' })) });
    const phone = input.phone ? normalizePhone(input.phone, s.defaultLocale) : undefined;
    await assertCaptcha(this.captcha, realm.id, input.captchaId, input.captchaAnswer);
    const matches = await findContactMatches(this.users, realm.id, { email: input.email, phone, birthDate: input.birthDate });
    const since = new Date(this.clock.now().getTime() - s.recoveryCooldownSeconds * 1000);
    await this.dataSource.transaction(async (m) => {
      if (matches.length === 0) {
        // Same shape of work for nobody: a decoy flow keyed by the contact entered.
        const subjectKey = this.flows.subjectKey(realm.id, `contact:${input.email ?? ''}:${phone ?? ''}`);
        if (s.recoveryCooldownSeconds === 0 || !(await this.flows.recent({ realmId: realm.id, kind, userId: null, subjectKey, since }, m))) {
          await this.flows.create({ realmId: realm.id, userId: null, decoy: true, subjectKey, kind, state: 'completed', phone: null, ttlSeconds: s.resetLinkTtlSeconds }, m);
        }
      }
      for (const match of matches) await this.recoverOne(realm, kind, match, input.ip, since, m);
    });
  }

  private async recoverOne(realm: RequestRealm, kind: 'login' | 'both', match: ContactMatch, ip: string | null, since: Date, m: EntityManager): Promise<void> {
    const s = realm.settings;
    const { user } = match;
    const withLink = kind === 'both' && user.canChangeOwnPassword;
    if (!match.email && !match.phone) {
      await this.accessRequests.open({ realmId: realm.id, user, reason: 'no_confirmed_contact', defaultLocale: s.defaultLocale, ip }, m);
      return;
    }
    if (kind === 'both' && !user.canChangeOwnPassword) await this.accessRequests.open({ realmId: realm.id, user, reason: 'cannot_change_password', defaultLocale: s.defaultLocale, ip }, m);
    const subjectKey = this.flows.subjectKey(realm.id, user.login);
    if (s.recoveryCooldownSeconds > 0 && (await this.flows.recent({ realmId: realm.id, kind, userId: user.id, subjectKey, since }, m))) return;
    const flow = await this.flows.create({ realmId: realm.id, userId: user.id, decoy: false, subjectKey, kind, state: withLink ? 'requested' : 'completed', phone: null, ttlSeconds: s.resetLinkTtlSeconds }, m);
    const issued = withLink ? await this.tokens.issue({ realmId: realm.id, realmSlug: realm.slug, userId: user.id, flowId: flow.id, ttlSeconds: s.resetLinkTtlSeconds }, m) : null;
    const locale = user.locale ?? s.defaultLocale;
    for (const [channel, to] of [['email', match.email], ['sms', match.phone]] as const) {
      if (!to) continue;
      const notice: Pick<NoticeRequest, 'notice' | 'params' | 'secrets'> = issued
        ? { notice: 'login-and-reset-link', params: { ttlSeconds: s.resetLinkTtlSeconds }, secrets: { login: user.login, link: issued.link } }
        : { notice: 'login-reminder', secrets: { login: user.login } };
      await this.notifications.queue({ realmId: realm.id, userId: user.id, channel, to, locale, ...notice }, m);
    }
    await this.audit.record({ realmId: realm.id, type: 'recovery.requested', userId: user.id, organizationId: user.organizationId, ip, details: { kind, channels: [match.email && 'email', match.phone && 'sms'].filter(Boolean) } }, m);
  }
}
