import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessRequestsService } from '../../access-requests/access-requests.service';
import { AuditService } from '../../audit/audit.service';
import { CaptchaVerifier } from '../../captcha/captcha-verifier.port';
import { insertTogether, withBatchedInserts } from '../../common/database/batched-inserts';
import { DomainError } from '../../common/errors/domain-error';
import type { RequestRealm } from '../../common/http/app-request';
import { Notifications } from '../../notifications/notifications.port';
import { RealmsService } from '../../realms/realms.service';
import { UsersService } from '../../users/users.service';
import { passwordRecoveryRoute, PasswordRecoveryRoute } from '../recovery-eligibility';
import { DecoyPhoneCountries } from '../decoy-phone-countries';
import { RecoveryFlowsService } from '../recovery-flows.service';
import { RecoveryLimitsService } from '../recovery-limits.service';
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
 * then, in one transaction, a fresh flow for every request (a decoy for unknown accounts in
 * uniform mode), and — unless the account's cooldown slot was taken — the reset token and the
 * e-mail; an audit event in every case. A user who cannot recover alone gets an access request
 * (its admin notices are queued after the commit). A flow is never handed out twice: an earlier
 * flow found by user would tell a real account from a decoy.
 */
@Injectable()
export class RequestPasswordResetUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly realms: RealmsService,
    private readonly flows: RecoveryFlowsService,
    private readonly limits: RecoveryLimitsService,
    private readonly decoyCountries: DecoyPhoneCountries,
    private readonly tokens: ResetTokensService,
    private readonly captcha: CaptchaVerifier,
    private readonly notifications: Notifications,
    private readonly accessRequests: AccessRequestsService,
    private readonly audit: AuditService,
  ) {}

  async execute(realm: RequestRealm, input: PasswordResetRequest): Promise<{ flowId: string; answer: PasswordAnswer }> {
    const s = realm.settings;
    const byEmail = s.forgotPasswordRequires === 'login+email';
    if (byEmail) assertPresent({ email: input.email });
    if (s.captcha || s.forgotPasswordRequires === 'login+captcha') await assertCaptcha(this.captcha, realm.id, input.captchaId, input.captchaAnswer);
    const uniform = s.disclosure === 'uniform';
    // The e-mail is part of the identification only where the realm asks for it.
    const route = passwordRecoveryRoute(await this.users.findByLogin(realm.id, input.login.trim()), s, byEmail ? input.email : undefined);
    const subjectKey = this.flows.subjectKey(realm.id, input.login);
    // Read (cached) on every request of such a realm, not only for decoys, so it costs them all alike.
    const chooseCountry = s.smsFallback && uniform ? await this.decoyCountries.chooser(realm.id, s.defaultLocale) : null;
    let accessRequestCreated = false;
    const write = async (m: EntityManager) => {
      if (route.kind === 'not_eligible') {
        accessRequestCreated = (await this.accessRequests.open({ realmId: realm.id, user: route.user, reason: route.reason, defaultLocale: s.defaultLocale, ip: input.ip }, m)).created;
      }
      return uniform || route.kind === 'eligible' ? this.startFlow(realm, input, route, subjectKey, chooseCountry, m) : null;
    };
    // The flow, token, e-mail and audit rows go to the database as one statement (PostgreSQL);
    // with no cooldown slot to claim and no access request to open, nothing else is written.
    const insertsOnly = route.kind !== 'not_eligible' && s.recoveryCooldownSeconds <= 0;
    const flowId = insertsOnly ? await insertTogether(this.dataSource, write) : await this.dataSource.transaction((tx) => withBatchedInserts(tx, write));
    if (accessRequestCreated) this.accessRequests.notifyAdminsSoon();
    if (route.kind === 'eligible') return { flowId: flowId!, answer: uniform ? 'uniform' : route.email ? 'link_sent' : 'sms_step' };
    if (uniform) return { flowId: flowId!, answer: 'uniform' };
    if (route.kind === 'not_eligible' && route.reason === 'no_confirmed_contact') {
      const org = route.user.organizationId ? await this.realms.findOrganization(realm.id, route.user.organizationId) : null;
      throw new DomainError('contact_admin', { adminContact: org?.adminContact ?? (s.supportContact || null) });
    }
    throw new DomainError('recovery_mismatch', { supportContact: s.supportContact }, { supportContact: s.supportContact });
  }

  /**
   * A new flow, whatever came before; the cooldown slot of the subject (realm + login, the same
   * key for real and decoy flows) decides whether the link goes out. The same writes on every
   * path as far as possible: slot, flow, audit event (+ token and e-mail when one is sent).
   */
  private async startFlow(
    realm: RequestRealm,
    input: PasswordResetRequest,
    route: PasswordRecoveryRoute,
    subjectKey: string,
    chooseCountry: ((hashHex: string) => string) | null,
    m: EntityManager,
  ): Promise<string> {
    const s = realm.settings;
    const user = route.kind === 'eligible' ? route.user : null;
    const send = await this.limits.claimCooldown({ realmId: realm.id, scope: 'cooldown:password', subject: subjectKey }, s.recoveryCooldownSeconds, m);
    const realPhone = route.kind === 'eligible' && route.phone ? route.user.phone : null;
    const phone = !s.smsFallback ? null : (realPhone ?? (chooseCountry ? this.flows.decoyPhone(subjectKey, chooseCountry) : null));
    // A flow showing a derived phone is a decoy for the SMS step even when its user is real: no
    // code it sends exists, so none may ever pass.
    const decoy = !user || (phone !== null && realPhone === null);
    const flow = await this.flows.create({ realmId: realm.id, userId: user?.id ?? null, decoy, subjectKey, kind: 'password', state: 'requested', phone, ttlSeconds: s.resetLinkTtlSeconds }, m);
    const audit = { realmId: realm.id, type: 'recovery.requested' as const, ip: input.ip };
    if (route.kind !== 'eligible') {
      const who = route.kind === 'not_eligible' ? { userId: route.user.id, organizationId: route.user.organizationId } : {};
      await this.audit.record({ ...audit, ...who, details: { kind: 'password', outcome: route.kind === 'not_eligible' ? 'access_request' : 'unknown_account' } }, m);
      return flow.id;
    }
    if (send && route.email) {
      const issued = await this.tokens.issue({ realmId: realm.id, realmSlug: realm.slug, userId: route.user.id, flowId: flow.id, ttlSeconds: s.resetLinkTtlSeconds }, m);
      await this.notifications.queue(
        { realmId: realm.id, userId: route.user.id, notice: 'reset-link', channel: 'email', to: route.user.email!, locale: route.user.locale ?? s.defaultLocale, params: { ttlSeconds: s.resetLinkTtlSeconds }, secrets: { link: issued.link } },
        m,
      );
    }
    await this.audit.record({ ...audit, userId: route.user.id, organizationId: route.user.organizationId, details: { kind: 'password', channel: route.email ? 'email' : 'sms', ...(send ? {} : { outcome: 'cooldown' }) } }, m);
    return flow.id;
  }
}
