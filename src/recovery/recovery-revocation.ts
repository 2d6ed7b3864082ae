import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RecoveryFlowsService } from './recovery-flows.service';
import { ResetTokensService } from './reset-tokens.service';

/**
 * Ends what recovery handed out for a user — every live reset token (links and SMS-issued ones,
 * admin links too) and every open flow — for other modules that change a password (e.g.
 * `POST /auth/password`). Global (`RecoveryCoreModule`), so callers need not import the
 * recovery module.
 */
@Injectable()
export class RecoveryRevocation {
  constructor(
    private readonly tokens: ResetTokensService,
    private readonly flows: RecoveryFlowsService,
  ) {}

  async revokeAllForUser(userId: string, manager?: EntityManager): Promise<{ tokens: number }> {
    const tokens = await this.tokens.revokeAllForUser(userId, manager);
    await this.flows.closeForUser(userId, null, manager);
    return { tokens };
  }
}
