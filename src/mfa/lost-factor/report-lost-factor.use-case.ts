import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessRequestsService } from '../../access-requests/access-requests.service';
import type { RequestRealm } from '../../common/http/app-request';
import { MfaSignInService } from '../sign-in/mfa-sign-in.service';

/**
 * "I lost my second factor": a user who got past the password queues an access request (reason
 * `second_factor_lost`) for the organisation's admins, as recovery does for users who cannot
 * recover alone. The admins answer with a second-factor reset.
 */
@Injectable()
export class ReportLostFactorUseCase {
  constructor(
    private readonly signIn: MfaSignInService,
    private readonly accessRequests: AccessRequestsService,
    private readonly dataSource: DataSource,
  ) {}

  async execute(realm: RequestRealm, token: unknown, ip: string | null): Promise<void> {
    const { user } = await this.signIn.flow(realm, token);
    const { created } = await this.dataSource.transaction((m) => this.accessRequests.open({ realmId: realm.id, user, reason: 'second_factor_lost', defaultLocale: realm.settings.defaultLocale, ip }, m));
    if (created) this.accessRequests.notifyAdminsSoon();
  }
}
