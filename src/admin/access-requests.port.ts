import type { EntityManager } from 'typeorm';

/** An access request as staff see it (API.md, Administration). */
export interface AccessRequestView {
  id: string;
  userId: string;
  login: string;
  organizationId: string | null;
  reason: string;
  status: 'open' | 'resolved';
  createdAt: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  note: string | null;
}

/**
 * Access requests, queued by the recovery module when a user cannot recover alone (its
 * `access_requests` table); the admin module lists and resolves them.
 */
export abstract class AccessRequests {
  /** Requests of the realm, newest first; only those of one organisation when `organizationId` is given. */
  abstract list(realmId: string, filter: { status?: 'open' | 'resolved'; organizationId?: string }): Promise<AccessRequestView[]>;
  /** One request of the realm, or null (malformed ids included). */
  abstract find(realmId: string, id: string, manager?: EntityManager): Promise<AccessRequestView | null>;
  /** Marks an open request resolved by the actor with the note; false when it was not open. */
  abstract resolve(realmId: string, id: string, input: { actorId: string; note: string | null }, manager?: EntityManager): Promise<boolean>;
}
