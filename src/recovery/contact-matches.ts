import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { DomainError } from '../common/errors/domain-error';
import type { UserEntity } from '../users/entities/user.entity';
import type { UsersService } from '../users/users.service';

/** A user whose date of birth matched a contact that was entered, and where to reach them. */
export interface ContactMatch {
  user: UserEntity;
  /** Confirmed contacts that were entered: the login goes to each. */
  email: string | null;
  phone: string | null;
}

/** The phone in E.164 (ru realms read national numbers as Russian); 400 validation_failed when it is not a phone. */
export function normalizePhone(raw: string, defaultLocale: string): string {
  const parsed = parsePhoneNumberFromString(raw, defaultLocale === 'ru' ? 'RU' : undefined);
  if (!parsed || !parsed.isValid()) throw new DomainError('validation_failed', { fields: [{ field: 'phone', message: 'isPhone' }] });
  return parsed.number;
}

/**
 * Enabled users of the realm reached by the entered e-mail and/or phone whose date of birth
 * matches. `email`/`phone` are set only where that contact is confirmed; a match with neither
 * cannot recover alone.
 */
export async function findContactMatches(users: UsersService, realmId: string, input: { email?: string; phone?: string; birthDate: string }): Promise<ContactMatch[]> {
  const byId = new Map<string, ContactMatch>();
  const add = (user: UserEntity, field: 'email' | 'phone', confirmed: boolean) => {
    if (user.disabled || user.birthDate !== input.birthDate) return;
    const match = byId.get(user.id) ?? { user, email: null, phone: null };
    if (confirmed) match[field] = field === 'email' ? user.email : user.phone;
    byId.set(user.id, match);
  };
  if (input.email) for (const u of await users.findByEmail(realmId, input.email)) add(u, 'email', u.emailVerified);
  if (input.phone) for (const u of await users.findByPhone(realmId, input.phone)) add(u, 'phone', u.phoneVerified);
  return [...byId.values()];
}
