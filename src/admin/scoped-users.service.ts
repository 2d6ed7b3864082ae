import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { RealmsService } from '../realms/realms.service';
import type { UserEntity } from '../users/entities/user.entity';
import { UsersService } from '../users/users.service';
import type { AdminScope } from './admin-scope';

/** Look-ups through an admin scope: outside it is answered exactly like missing. */
@Injectable()
export class ScopedUsers {
  constructor(
    private readonly users: UsersService,
    private readonly realms: RealmsService,
  ) {}

  /** The user if the scope reaches them, else 404 user_not_found (malformed ids included). */
  async get(scope: AdminScope, id: string, manager?: EntityManager): Promise<UserEntity> {
    const user = await this.users.findById(scope.realmId, id, manager);
    if (!user || !scope.reachesUser(user)) throw new DomainError('user_not_found');
    return user;
  }

  /** Those of `ids` the scope reaches now (one query). */
  async reachableIds(scope: AdminScope, ids: string[], manager?: EntityManager): Promise<Set<string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Set();
    const users = await this.users.repo(manager).findBy({ realmId: scope.realmId, id: In(unique) });
    return new Set(users.filter((u) => scope.reachesUser(u)).map((u) => u.id));
  }

  /** Ids of every user an org_admin reaches (their organisation's, realm_admins left out); one query. */
  async idsInReach(scope: AdminScope): Promise<Set<string>> {
    const qb = this.users.repo().createQueryBuilder('u').select('u.id', 'id').where('u.realmId = :realmId', { realmId: scope.realmId });
    if (!scope.isRealmAdmin) qb.andWhere('u.organizationId = :org AND u.roles NOT LIKE :ra', { org: scope.organizationId, ra: '%"realm_admin"%' });
    return new Set((await qb.getRawMany<{ id: string }>()).map((r) => r.id));
  }

  /** SQL selecting the ids of the users an org_admin reaches now (their organisation's, realm_admins left out). */
  reachSubquery(scope: AdminScope): { sql: string; params: Record<string, unknown> } {
    const qb = this.users
      .repo()
      .createQueryBuilder('reach')
      .select('reach.id')
      .where('reach.realmId = :reachRealm AND reach.organizationId = :reachOrg AND reach.roles NOT LIKE :reachRa', { reachRealm: scope.realmId, reachOrg: scope.organizationId, reachRa: '%"realm_admin"%' });
    return { sql: qb.getQuery(), params: qb.getParameters() };
  }

  /**
   * The organisation a user should belong to: `requested` when the scope reaches it (404
   * organization_not_found otherwise), else `fallback`. An org_admin's users stay in their organisation.
   */
  async organizationFor(scope: AdminScope, requested: string | null | undefined, fallback: string | null): Promise<string | null> {
    if (requested === undefined) return scope.isRealmAdmin ? fallback : (fallback ?? scope.organizationId);
    if (requested === null) {
      if (!scope.isRealmAdmin) throw new DomainError('organization_not_found');
      return null;
    }
    if (!scope.reachesOrganization(requested) || !(await this.realms.findOrganization(scope.realmId, requested))) throw new DomainError('organization_not_found');
    return requested;
  }
}
