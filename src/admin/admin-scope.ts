import type { RequestAuth, RequestRealm } from '../common/http/app-request';
import type { UserEntity } from '../users/entities/user.entity';

/**
 * What a staff member may reach: the whole realm (`realm_admin`), or one organisation's users
 * (`org_admin`). Everything outside it is answered exactly like something missing.
 */
export class AdminScope {
  private constructor(
    readonly realm: RequestRealm,
    readonly actor: UserEntity,
    /** Null for a realm_admin (whole realm); the organisation's id for an org_admin. */
    readonly organizationId: string | null,
  ) {}

  /** The caller's scope, or null when the caller is not staff. */
  static of(realm: RequestRealm, auth: RequestAuth): AdminScope | null {
    const user = auth.user;
    if (user.roles.includes('realm_admin')) return new AdminScope(realm, user, null);
    if (user.roles.includes('org_admin') && user.organizationId) return new AdminScope(realm, user, user.organizationId);
    return null;
  }

  get realmId(): string {
    return this.realm.id;
  }

  get actorId(): string {
    return this.actor.id;
  }

  get isRealmAdmin(): boolean {
    return this.organizationId === null;
  }

  /** True when the user is inside this scope (an org_admin never reaches a realm_admin). */
  reachesUser(user: Pick<UserEntity, 'realmId' | 'organizationId' | 'roles'>): boolean {
    if (user.realmId !== this.realm.id) return false;
    if (this.isRealmAdmin) return true;
    return user.organizationId === this.organizationId && !user.roles.includes('realm_admin');
  }

  /** True when the organisation (id or null for none) is inside this scope. */
  reachesOrganization(organizationId: string | null): boolean {
    return this.isRealmAdmin || organizationId === this.organizationId;
  }
}
