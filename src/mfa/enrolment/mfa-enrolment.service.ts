import { Injectable } from '@nestjs/common';
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { DataSource, EntityManager } from 'typeorm';
import { Sessions } from '../../auth/sessions.port';
import { DomainError } from '../../common/errors/domain-error';
import type { RequestAuth, RequestRealm } from '../../common/http/app-request';
import { MfaChallengesService } from '../mfa-challenges.service';
import { MfaFactorsService } from '../mfa-factors.service';
import { challengeOf, PasskeysService, WEBAUTHN_TIMEOUT_MS } from '../passkeys/passkeys.service';
import { RecoveryCodesService } from '../recovery-codes/recovery-codes.service';
import { otpauthUrl } from '../totp/totp';
import { TotpService } from '../totp/totp.service';

const CEREMONY_TTL_SECONDS = WEBAUTHN_TIMEOUT_MS / 1000;

/**
 * The signed-in user's own factors (`/me/mfa…`, `/me/passkeys…`): enrol and remove TOTP and
 * passkeys, regenerate recovery codes. Each change is one transaction with its notice and audit.
 */
@Injectable()
export class MfaEnrolmentService {
  constructor(
    private readonly totp: TotpService,
    private readonly passkeys: PasskeysService,
    private readonly codes: RecoveryCodesService,
    private readonly factors: MfaFactorsService,
    private readonly challenges: MfaChallengesService,
    private readonly dataSource: DataSource,
    private readonly sessions: Sessions,
  ) {}

  async startTotp(realm: RequestRealm, auth: RequestAuth): Promise<{ secret: string; otpauthUrl: string }> {
    const current = await this.totp.find(auth.user.id);
    if (current?.confirmedAt) throw new DomainError('flow_state_invalid');
    const secret = await this.totp.startEnrolment(auth.user);
    return { secret, otpauthUrl: this.otpauthUrlFor(realm, auth.user.login, secret) };
  }

  /** The secret of a pending (unconfirmed) enrolment, to show it again after a wrong code. */
  async pendingTotpSecret(userId: string): Promise<string | null> {
    const row = await this.totp.find(userId);
    return row && !row.confirmedAt ? this.totp.secretOf(row) : null;
  }

  otpauthUrlFor(realm: RequestRealm, login: string, secret: string): string {
    return otpauthUrl(realm.entity.name || realm.slug, login, secret);
  }

  async confirmTotp(realm: RequestRealm, auth: RequestAuth, code: string, ip: string | null): Promise<string[]> {
    // users.mfaEnabled may change with the factors (afterChange).
    return this.sessions.invalidating(() => this.dataSource.transaction(async (m) => {
      const row = await this.totp.find(auth.user.id, m);
      if (!row || row.confirmedAt) throw new DomainError('flow_state_invalid');
      if (!(await this.totp.verify(row, code, m))) throw new DomainError('code_invalid');
      await this.totp.confirm(auth.user.id, m);
      const codes = await this.factors.afterChange(auth.user, m);
      await this.factors.record({ realmId: realm.id, settings: realm.settings, user: auth.user, type: 'mfa.enabled', notice: 'mfa-factor-added', factor: 'totp', ip }, m);
      return codes;
    }));
  }

  /** Needs a current TOTP code or a recovery code. */
  async removeTotp(realm: RequestRealm, auth: RequestAuth, code: string, ip: string | null): Promise<void> {
    // users.mfaEnabled may change with the factors (afterChange).
    await this.sessions.invalidating(() => this.dataSource.transaction(async (m) => {
      const row = await this.totp.find(auth.user.id, m);
      if (!row?.confirmedAt) throw new DomainError('flow_state_invalid');
      const byTotp = await this.totp.verify(row, code, m);
      const byCode = !byTotp && (await this.codes.consume(auth.user.id, code, m));
      if (!byTotp && !byCode) throw new DomainError('code_invalid');
      if (byCode) await this.factors.record({ realmId: realm.id, settings: realm.settings, user: auth.user, type: 'mfa.recovery_code_used', notice: 'mfa-recovery-code-used', ip }, m);
      await this.totp.remove(auth.user.id, m);
      await this.factors.afterChange(auth.user, m);
      await this.factors.record({ realmId: realm.id, settings: realm.settings, user: auth.user, type: 'mfa.disabled', notice: 'mfa-factor-removed', factor: 'totp', ip }, m);
    }));
  }

  async passkeyOptions(realm: RequestRealm, auth: RequestAuth): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const options = await this.passkeys.registrationOptions(auth.user, realm.entity.name || realm.slug);
    await this.dataSource.transaction(async (m) => {
      await this.challenges.dropForUser(auth.user.id, ['register'], m);
      await this.challenges.create({ realmId: realm.id, userId: auth.user.id, purpose: 'register', ttlSeconds: CEREMONY_TTL_SECONDS, challenge: options.challenge }, m);
    });
    return options;
  }

  async addPasskey(realm: RequestRealm, auth: RequestAuth, response: unknown, name: string | undefined, ip: string | null) {
    const pending = await this.challenges.findLive({ userId: auth.user.id, purpose: 'register' });
    if (!pending?.challenge || challengeOf(response) !== pending.challenge) throw new DomainError('passkey_invalid');
    const credential = await this.passkeys.verifyRegistration(response, pending.challenge);
    if (!credential) throw new DomainError('passkey_invalid');
    // users.mfaEnabled may change with the factors (afterChange).
    return this.sessions.invalidating(() => this.dataSource.transaction(async (m) => {
      if (!(await this.challenges.consume(pending.id, m))) throw new DomainError('passkey_invalid');
      const count = (await this.passkeys.list(auth.user.id, m)).length;
      const row = await this.passkeys.add(auth.user, credential, name?.trim() || `Passkey ${count + 1}`, m);
      if (!row) throw new DomainError('passkey_invalid');
      const recoveryCodes = await this.factors.afterChange(auth.user, m);
      await this.factors.record({ realmId: realm.id, settings: realm.settings, user: auth.user, type: 'mfa.enabled', notice: 'mfa-factor-added', factor: 'passkey', ip, details: { passkeyId: row.id } }, m);
      return { id: row.id, name: row.name, createdAt: row.createdAt.toISOString(), recoveryCodes };
    }));
  }

  async removePasskey(realm: RequestRealm, auth: RequestAuth, id: string, ip: string | null): Promise<void> {
    // users.mfaEnabled may change with the factors (afterChange).
    await this.sessions.invalidating(() => this.dataSource.transaction(async (m) => {
      if (!(await this.passkeys.remove(auth.user.id, id, m))) throw new DomainError('not_found');
      await this.factors.afterChange(auth.user, m);
      await this.factors.record({ realmId: realm.id, settings: realm.settings, user: auth.user, type: 'mfa.disabled', notice: 'mfa-factor-removed', factor: 'passkey', ip, details: { passkeyId: id } }, m);
    }));
  }

  async assertionOptions(realm: RequestRealm, auth: RequestAuth): Promise<PublicKeyCredentialRequestOptionsJSON> {
    if (!(await this.passkeys.list(auth.user.id)).length) throw new DomainError('flow_state_invalid');
    const options = await this.passkeys.authenticationOptions(auth.user.id);
    await this.dataSource.transaction(async (m) => {
      await this.challenges.dropForUser(auth.user.id, ['assert'], m);
      await this.challenges.create({ realmId: realm.id, userId: auth.user.id, purpose: 'assert', ttlSeconds: CEREMONY_TTL_SECONDS, challenge: options.challenge }, m);
    });
    return options;
  }

  /** New recovery codes (the old die) for a current TOTP code or a passkey assertion. */
  async regenerateCodes(realm: RequestRealm, auth: RequestAuth, proof: { code?: string; response?: unknown }, ip: string | null): Promise<string[]> {
    if (!auth.user.mfaEnabled) throw new DomainError('flow_state_invalid');
    return this.dataSource.transaction(async (m) => {
      if (!(await this.proves(realm, auth, proof, m))) throw new DomainError(proof.response !== undefined ? 'passkey_invalid' : 'code_invalid');
      const codes = await this.codes.issue(auth.user, m);
      await this.factors.record({ realmId: realm.id, settings: realm.settings, user: auth.user, type: 'mfa.enabled', notice: null, factor: 'recovery_codes', ip, details: { regenerated: true } }, m);
      return codes;
    });
  }

  private async proves(realm: RequestRealm, auth: RequestAuth, proof: { code?: string; response?: unknown }, m: EntityManager): Promise<boolean> {
    if (proof.code !== undefined) {
      const row = await this.totp.find(auth.user.id, m);
      return !!row?.confirmedAt && (await this.totp.verify(row, proof.code, m));
    }
    const pending = await this.challenges.findLive({ userId: auth.user.id, purpose: 'assert' }, m);
    if (!pending?.challenge || !(await this.challenges.consume(pending.id, m))) return false;
    return !!(await this.passkeys.verifyAssertion({ realmId: realm.id, userId: auth.user.id, response: proof.response, expectedChallenge: pending.challenge }, m));
  }
}
