import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { UserSessionsEnded } from '../auth/user-sessions-ended';
import { AppLogger } from '../common/logging/app-logger';
import { OidcKeysService } from './oidc-keys.service';
import { OidcPayloadStore } from './oidc-payload.store';

const PURGE_EVERY_MS = 10 * 60_000;

/**
 * Keys made at first start; a user's single sign-on ends with their sessions (one hook on the
 * central "end every session of the user" path); expired provider rows purged periodically.
 */
@Injectable()
export class OidcMaintenance implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly keys: OidcKeysService,
    private readonly payloads: OidcPayloadStore,
    private readonly sessionsEnded: UserSessionsEnded,
    private readonly logger: AppLogger,
  ) {
    this.sessionsEnded.listen((userId, manager) => this.payloads.revokeForUser(userId, manager));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.keys.current();
    this.timer = setInterval(() => void this.purge(), PURGE_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async purge(): Promise<number> {
    try {
      return await this.payloads.purgeExpired();
    } catch (e) {
      this.logger.pino.warn({ err: e instanceof Error ? e.message : String(e) }, 'oidc purge failed');
      return 0;
    }
  }
}
