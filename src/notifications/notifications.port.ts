import type { EntityManager } from 'typeorm';

/** The notices use cases can ask for (templates exist for each, per locale and channel). */
export const NOTICE_NAMES = [
  'reset-link',
  'login-reminder',
  'login-and-reset-link',
  'confirmation-code',
  'password-changed',
  'temporary-password',
  'access-request',
  'contact-changed',
  'setup-link',
  'new-sign-in',
  'mfa-factor-added',
  'mfa-factor-removed',
  'mfa-recovery-code-used',
  'mfa-reset',
] as const;
export type NoticeName = (typeof NOTICE_NAMES)[number];

export type NoticeChannel = 'email' | 'sms';

/**
 * One message to one recipient. `params` are plain values for the template; `secrets` (links,
 * codes, logins) are encrypted at rest in the outbox and erased once delivered.
 *
 * Params and secrets by notice:
 * - reset-link:           secrets {link}; params {ttlSeconds}
 * - login-reminder:       secrets {login}
 * - login-and-reset-link: secrets {login, link}; params {ttlSeconds}
 * - confirmation-code:    secrets {code}; params {ttlSeconds}
 * - password-changed:     (none)
 * - temporary-password:   params {ttlSeconds} (tells the user an admin issued one; never carries it)
 * - access-request:       params {login, reason} (to an organisation admin)
 * - contact-changed:      params {contact: 'email' | 'phone'} (to the old contact)
 * - setup-link:           secrets {link}; params {ttlSeconds}
 * - new-sign-in:          params {time, device, ip, accountUrl} (time and device in the recipient's language)
 * - mfa-factor-added, mfa-factor-removed: params {factor} (its name in the recipient's language)
 * - mfa-recovery-code-used: params {left}
 * - mfa-reset:            (none)
 * Every template may also use params {realmName, serviceName}, filled in by the module.
 */
export interface NoticeRequest {
  realmId: string;
  /** The user the notice is about (recipient or subject), for the audit trail. */
  userId?: string | null;
  notice: NoticeName;
  channel: NoticeChannel;
  /** E-mail address, or E.164 phone number. */
  to: string;
  /** The recipient's locale (`ru` | `en`); falls back to the realm default. */
  locale: string;
  params?: Record<string, string | number>;
  secrets?: Record<string, string>;
}

/** Queues notices through the transactional outbox; never waits for a provider. */
export abstract class Notifications {
  /** Writes the notice in the caller's transaction when `manager` is given. */
  abstract queue(request: NoticeRequest, manager?: EntityManager): Promise<void>;
}
