import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type {
  AuthenticationResponseJSON,
  AuthenticatorTransportFuture,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type * as SimpleWebAuthn from '@simplewebauthn/server';
import { EntityManager, Repository } from 'typeorm';
import { Clock } from '../../common/time/clock';
import { AppConfig } from '../../config/app-config';
import type { UserEntity } from '../../users/entities/user.entity';
import { PasskeyEntity } from '../entities/passkey.entity';

/** The WebAuthn library, loaded on first use: it is large and the service's start should not wait for it. */
let webauthn: Promise<typeof SimpleWebAuthn> | undefined;
function lib(): Promise<typeof SimpleWebAuthn> {
  webauthn ??= import('@simplewebauthn/server') as unknown as Promise<typeof SimpleWebAuthn>;
  return webauthn;
}

/** How long a browser has to answer a WebAuthn ceremony. */
export const WEBAUTHN_TIMEOUT_MS = 5 * 60 * 1000;

/** A verified assertion: which credential, and whether the authenticator verified the user. */
export interface VerifiedAssertion {
  passkey: PasskeyEntity;
  userVerified: boolean;
}

/**
 * WebAuthn with @simplewebauthn/server: attestation `none`, user verification preferred; the
 * relying party id and origin come from PUBLIC_URL. Verification checks the challenge, origin,
 * rpId, signature and sign counter; a credential belongs to one user of one realm.
 */
@Injectable()
export class PasskeysService {
  readonly rpId: string;
  readonly origin: string;

  constructor(
    @InjectRepository(PasskeyEntity) private readonly passkeys: Repository<PasskeyEntity>,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    const url = new URL(config.publicUrl);
    this.rpId = url.hostname;
    this.origin = url.origin;
  }

  repo(manager?: EntityManager): Repository<PasskeyEntity> {
    return manager ? manager.getRepository(PasskeyEntity) : this.passkeys;
  }

  list(userId: string, manager?: EntityManager): Promise<PasskeyEntity[]> {
    return this.repo(manager).find({ where: { userId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async registrationOptions(user: UserEntity, rpName: string): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const existing = await this.list(user.id);
    return (await lib()).generateRegistrationOptions({
      rpName,
      rpID: this.rpId,
      userName: user.login,
      userID: new Uint8Array(Buffer.from(user.id, 'utf8')),
      userDisplayName: user.login,
      timeout: WEBAUTHN_TIMEOUT_MS,
      attestationType: 'none',
      excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports as AuthenticatorTransportFuture[] })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    });
  }

  /** Verifies a registration response; null when it fails (any reason). */
  async verifyRegistration(response: unknown, expectedChallenge: string): Promise<{ credentialId: string; publicKey: string; counter: number; transports: string[] } | null> {
    try {
      const result = await (await lib()).verifyRegistrationResponse({
        response: response as RegistrationResponseJSON,
        expectedChallenge,
        expectedOrigin: this.origin,
        expectedRPID: this.rpId,
        requireUserVerification: false,
      });
      if (!result.verified) return null;
      const { credential } = result.registrationInfo;
      return { credentialId: credential.id, publicKey: Buffer.from(credential.publicKey).toString('base64url'), counter: credential.counter, transports: credential.transports ?? [] };
    } catch {
      return null;
    }
  }

  async add(
    user: { id: string; realmId: string },
    credential: { credentialId: string; publicKey: string; counter: number; transports: string[] },
    name: string,
    manager?: EntityManager,
  ): Promise<PasskeyEntity | null> {
    const repo = this.repo(manager);
    if (await repo.exists({ where: { credentialId: credential.credentialId } })) return null;
    const row: PasskeyEntity = {
      id: randomUUID(),
      realmId: user.realmId,
      userId: user.id,
      credentialId: credential.credentialId,
      publicKey: credential.publicKey,
      signCount: credential.counter,
      transports: credential.transports,
      name,
      createdAt: this.clock.now(),
      lastUsedAt: null,
    };
    await repo.insert(row);
    return row;
  }

  /** Options for an assertion: the user's credentials, or none named (discoverable, passwordless). */
  async authenticationOptions(userId: string | null): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const allow = userId ? await this.list(userId) : [];
    return (await lib()).generateAuthenticationOptions({
      rpID: this.rpId,
      timeout: WEBAUTHN_TIMEOUT_MS,
      userVerification: 'preferred',
      allowCredentials: userId ? allow.map((p) => ({ id: p.credentialId, transports: p.transports as AuthenticatorTransportFuture[] })) : undefined,
    });
  }

  /**
   * Verifies an assertion against a credential of the realm (and of the user, when named); on
   * success the sign counter and last use are stored. Null for any failure.
   */
  async verifyAssertion(input: { realmId: string; userId: string | null; response: unknown; expectedChallenge: string }, manager?: EntityManager): Promise<VerifiedAssertion | null> {
    const response = input.response as AuthenticationResponseJSON;
    if (typeof response?.id !== 'string' || !response.id || response.id.length > 512) return null;
    const passkey = await this.repo(manager).findOne({ where: { credentialId: response.id, realmId: input.realmId } });
    if (!passkey || (input.userId && passkey.userId !== input.userId)) return null;
    try {
      const result = await (await lib()).verifyAuthenticationResponse({
        response,
        expectedChallenge: input.expectedChallenge,
        expectedOrigin: this.origin,
        expectedRPID: this.rpId,
        credential: { id: passkey.credentialId, publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')), counter: passkey.signCount, transports: passkey.transports as AuthenticatorTransportFuture[] },
        requireUserVerification: false,
      });
      if (!result.verified) return null;
      const userHandle = response.response?.userHandle;
      if (userHandle && Buffer.from(userHandle, 'base64url').toString('utf8') !== passkey.userId) return null;
      const now = this.clock.now();
      await this.repo(manager).update({ id: passkey.id }, { signCount: result.authenticationInfo.newCounter, lastUsedAt: now });
      passkey.signCount = result.authenticationInfo.newCounter;
      passkey.lastUsedAt = now;
      return { passkey, userVerified: result.authenticationInfo.userVerified };
    } catch {
      return null;
    }
  }

  async remove(userId: string, id: string, manager?: EntityManager): Promise<boolean> {
    const result = await this.repo(manager).delete({ userId, id });
    return !!result.affected;
  }

  async removeAll(userId: string, manager?: EntityManager): Promise<void> {
    await this.repo(manager).delete({ userId });
  }
}

/** The challenge a browser signed, read from the response's clientDataJSON (null if unreadable). */
export function challengeOf(response: unknown): string | null {
  try {
    const data = (response as { response?: { clientDataJSON?: unknown } })?.response?.clientDataJSON;
    if (typeof data !== 'string' || data.length > 10_000) return null;
    const parsed = JSON.parse(Buffer.from(data, 'base64url').toString('utf8')) as { challenge?: unknown };
    return typeof parsed.challenge === 'string' ? parsed.challenge : null;
  } catch {
    return null;
  }
}
