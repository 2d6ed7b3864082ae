import type { EntityManager } from 'typeorm';

/** What other modules may do to sessions. */
export abstract class Sessions {
  /** Ends every live session of the user (except one, if named); returns how many ended. */
  abstract revokeAllForUser(userId: string, options?: { exceptSessionId?: string; manager?: EntityManager }): Promise<number>;

  /**
   * Runs `work` that changes what a session check answers (writes to users or sessions; wrap the
   * whole transaction, not a statement inside it): sessions cached by any instance are dropped
   * once it has committed, before this returns.
   */
  abstract invalidating<T>(work: () => Promise<T>): Promise<T>;
}

/** Per-account lockout, exported for the admin module's unlock. */
export abstract class AccountLockout {
  /** Clears failures and any lock; records `account.unlocked` naming the actor. */
  abstract unlock(input: { realmId: string; userId: string; organizationId: string | null; actorId: string | null; ip?: string | null }, manager?: EntityManager): Promise<void>;
}
