import { Injectable } from '@nestjs/common';
import type { OrganizationEntity } from '../../realms/entities/organization.entity';
import { RealmsService } from '../../realms/realms.service';
import type { AdminScope } from '../admin-scope';

/** The realm's organisations; an org_admin sees only their own. */
@Injectable()
export class ListOrganizationsUseCase {
  constructor(private readonly realms: RealmsService) {}

  async execute(scope: AdminScope): Promise<OrganizationEntity[]> {
    const all = await this.realms.listOrganizations(scope.realmId);
    return all.filter((o) => scope.reachesOrganization(o.id));
  }
}
