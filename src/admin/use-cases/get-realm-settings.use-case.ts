import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error';
import type { RealmSettings } from '../../realms/realm-settings';
import { RealmsService } from '../../realms/realms.service';
import type { AdminScope } from '../admin-scope';

/** The realm's effective settings (read fresh, not from the per-request cache). Any staff member. */
@Injectable()
export class GetRealmSettingsUseCase {
  constructor(private readonly realms: RealmsService) {}

  async execute(scope: AdminScope): Promise<RealmSettings> {
    const realm = await this.realms.findById(scope.realmId);
    if (!realm) throw new DomainError('realm_not_found');
    return realm.settings;
  }
}
