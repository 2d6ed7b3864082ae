import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error';
import type { RequestRealm } from '../../common/http/app-request';
import { UsersService } from '../../users/users.service';
import { ResetTokensService, tokenUsable } from '../reset-tokens.service';

/**
 * Tells the reset page whose password a token resets; spends nothing. Any bad token: 410
 * token_invalid — also a self-service one (issued by a flow) whose user has since lost the right
 * to change their own password. Admin-issued links (no flow) stay valid: restoring access is their point.
 */
@Injectable()
export class CheckResetTokenUseCase {
  constructor(
    private readonly tokens: ResetTokensService,
    private readonly users: UsersService,
  ) {}

  async execute(realm: RequestRealm, token: string): Promise<{ login: string; expiresAt: string }> {
    const live = await this.tokens.findLive(realm.id, token);
    const user = live ? await this.users.findById(realm.id, live.userId) : null;
    if (!live || !tokenUsable(live, user)) throw new DomainError('token_invalid');
    return { login: user.login, expiresAt: live.expiresAt.toISOString() };
  }
}
