import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error';
import type { OrganizationEntity } from '../../realms/entities/organization.entity';
import { RealmsService } from '../../realms/realms.service';
import { isUniqueViolation } from '../../users/users.service';
import type { AdminScope } from '../admin-scope';

/** A new organisation (realm_admin); a slug taken in the realm is 409 slug_taken. */
@Injectable()
export class CreateOrganizationUseCase {
  constructor(private readonly realms: RealmsService) {}

  async execute(scope: AdminScope, input: { name: string; slug: string; adminContact?: string | null }): Promise<OrganizationEntity> {
    const name = input.name.trim();
    if (!name) throw new DomainError('validation_failed', { fields: [{ field: 'name', message: 'isNotEmpty' }] });
    if (await this.realms.organizationBySlug(scope.realmId, input.slug)) throw new DomainError('slug_taken');
    try {
      return await this.realms.createOrganization(scope.realmId, { name, slug: input.slug, adminContact: input.adminContact?.trim() || null });
    } catch (e) {
      if (isUniqueViolation(e)) throw new DomainError('slug_taken');
      throw e;
    }
  }
}
