import type { EntityManager } from 'typeorm';

/**
 * Password-reset links, owned by the recovery module (its reset-token table). The admin module
 * issues them for "reset access by link" and for setup links of users created without a password.
 */
export abstract class ResetLinks {
  /**
   * Issues a single-use reset token for the user, valid `ttlSeconds`, stored only as a keyed hash,
   * in the caller's transaction; answers the link `{PUBLIC_URL}/realms/{realm}/reset-password?token=…`.
   */
  abstract issue(input: { realmId: string; realmSlug: string; userId: string; ttlSeconds: number }, manager?: EntityManager): Promise<{ link: string; expiresAt: Date }>;
  /** Revokes every unused reset token, code and open recovery flow of the user. */
  abstract revokeAllForUser(userId: string, manager?: EntityManager): Promise<void>;
}
