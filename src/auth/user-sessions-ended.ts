import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Something else that must end when every session of a user ends (e.g. single sign-on grants). */
export type UserSessionsEndedListener = (userId: string, manager?: EntityManager) => Promise<void>;

/**
 * The one place other modules hook into "end every session of the user"
 * (SessionsService.revokeAllForUser): disabling, password change or reset, admin reset-access,
 * MFA reset and ending sessions all pass through it, so every listener covers them all.
 */
@Injectable()
export class UserSessionsEnded {
  private readonly listeners: UserSessionsEndedListener[] = [];

  listen(listener: UserSessionsEndedListener): void {
    this.listeners.push(listener);
  }

  async notify(userId: string, manager?: EntityManager): Promise<void> {
    for (const listener of this.listeners) await listener(userId, manager);
  }
}
