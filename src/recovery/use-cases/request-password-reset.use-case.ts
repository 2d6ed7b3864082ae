import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessRequestsService } from '../../access-requests/access-requests.service';
import { AuditService } from '../../audit/audit.service';
import { CaptchaVerifier } from '../../captcha/captcha-verifier.port';
import { DomainError } from '../../common/errors/domain-error';
import type { RequestRealm } from '../../common/http/app-request';
import { Clock } from '../../common/time/clock';
import { Notifications } from '../../notifications/notifications.port';
import { RealmsService } from '../../realms/realms.service';
import { UsersService } from '../../users/users.service';
import { passwordRecoveryRoute, PasswordRecoveryRoute } from '../recovery-eligibility';
import { RecoveryFlowsService } from '../recovery-flows.service';
import type { PasswordAnswer } from '../recovery-messages';
import { assertCaptcha, assertPresent } from '../required-fields';
import { ResetTokensService } from '../reset-tokens.service';

export interface PasswordResetRequest {
  login: string;
  email?: string;
  captchaId?: string;
  captchaAnswer?: string;
  ip: string | null;
}

/**
 * Forgot password: checks the fields the realm requires and the captcha (before any look-up),
 * then, in one transaction, a flow (a decoy for unknown accounts in uniform mode), the reset
 * token, the e-mail and the audit event; or an access request for a user who cannot recover alone.
 * Within the cooldown a repeated request answers the same flow and sends nothing.
 */
@Injectable()
export class RequestPasswordResetUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly realms: RealmsService,
    private readonly flows: RecoveryFlowsService,
    private readonly tokens: ResetTokensService,
    private readonly captcha: CaptchaVerifier,
    private readonly notifications: Notifications,
    private readonly accessRequests: AccessRequestsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async execute(realm: RequestRealm, input: PasswordResetRequest): Promise<{ flowId: string; answer: PasswordAnswer }> {
    const s = realm.settings;
    if (s.forgotPasswordRequires === 'login+email') assertPresent({ email: input.email });
    if (s.captcha || s.forgotPasswordRequires === 'login+captcha') await assertCaptcha(this.captcha, realm.id, input.captchaId, input.captchaAnswer);
    const route = passwordRecoveryRoute(await this.users.findByLogin(realm.id, input.login.trim()), s, input.email);
    const flowId = await this.dataSource.transaction(async (m) => {
      if (route.kind === 'not_eligible') {
        await this.accessRequests.open({ realmId: realm.id, user: route.user, reason: route.reason, defaultLocale: s.defaultLocale, ip: input.ip }, m);
      }
      return s.disclosure === 'uniform' || route.kind === 'eligible' ? this.startFlow(realm, input, route, m) : null;
    });
    if (route.kind === 'eligible') return { flowId: flowId!, answer: s.disclosure === 'uniform' ? 'uniform' : route.email ? 'link_sent' : 'sms_step' };
    if (s.disclosure === 'uniform') return { flowId: flowId!, answer: 'uniform' };
    if (route.kind === 'not_eligible' && route.reason === 'no_confirmed_contact') {
      const org = route.user.organizationId ? await this.realms.findOrganization(realm.id, route.user.organizationId) : null;
      throw new DomainError('contact_admin', { adminContact: org?.adminContact ?? (s.supportContact || null) });
    }
    throw new DomainError('recovery_mismatch', { supportContact: s.supportContact }, { supportContact: s.supportContact });
  }

  /** The flow (reusing one from within the cooldown), and for an eligible user the link and the audit event. */
  private async startFlow(realm: RequestRealm, input: PasswordResetRequest, route: PasswordRecoveryRoute, m: EntityManager): Promise<string> {
    const s = realm.settings;
    const subjectKey = this.flows.subjectKey(realm.id, input.login);
    const user = route.kind === 'eligible' ? route.user : null;
    const since = new Date(this.clock.now().getTime() - s.recoveryCooldownSeconds * 1000);
    const recent = s.recoveryCooldownSeconds > 0 ? await this.flows.recent({ realmId: realm.id, kind: 'password', userId: user?.id ?? null, subjectKey, since }, m) : null;
    if (recent) return recent.id;
    const phone = !s.smsFallback ? null : route.kind === 'eligible' && route.phone ? route.user.phone : s.disclosure === 'uniform' ? this.flows.decoyPhone(subjectKey, s.defaultLocale) : null;
    const flow = await this.flows.create({ realmId: realm.id, userId: user?.id ?? null, decoy: !user, subjectKey, kind: 'password', state: 'requested', phone, ttlSeconds: s.resetLinkTtlSeconds }, m);
    if (route.kind !== 'eligible') return flow.id;
    if (route.email) {
      const issued = await this.tokens.issue({ realmId: realm.id, realmSlug: realm.slug, userId: route.user.id, flowId: flow.id, ttlSeconds: s.resetLinkTtlSeconds }, m);
      await this.notifications.queue(
        { realmId: realm.id, userId: route.user.id, notice: 'reset-link', channel: 'email', to: route.user.email!, locale: route.user.locale ?? s.defaultLocale, params: { ttlSeconds: s.resetLinkTtlSeconds }, secrets: { link: issued.link } },
        m,
      );
    }
    await this.audit.record({ realmId: realm.id, type: 'recovery.requested', userId: route.user.id, organizationId: route.user.organizationId, ip: input.ip, details: { kind: 'password', channel: route.email ? 'email' : 'sms' } }, m);
    return flow.id;
  }
}
