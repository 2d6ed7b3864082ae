import { Notifications } from '../../src/notifications/notifications.port';
import { RealmsService } from '../../src/realms/realms.service';
import type { UserEntity } from '../../src/users/entities/user.entity';
import { RecordingNotifications } from '../fakes/recording-notifications';
import { createUser, loginAs } from './fixtures';
import { createTestApp, TEST_ADMIN, TestApp } from './test-app';

export const PASSWORD = 'a long enough passphrase 1';

/** Two organisations of realm demo, each with an org_admin and a user, plus the realm_admin and a plain user. */
export interface AdminWorld {
  t: TestApp;
  rec: RecordingNotifications;
  orgA: string;
  orgB: string;
  adminA: UserEntity;
  adminB: UserEntity;
  userA: UserEntity;
  userB: UserEntity;
  plain: UserEntity;
  /** Authorization header values. */
  auth: { realmAdmin: string; adminA: string; adminB: string; plain: string };
}

export async function createAdminWorld(): Promise<AdminWorld> {
  const rec = new RecordingNotifications();
  const t = await createTestApp({ configure: (b) => b.overrideProvider(Notifications).useValue(rec) });
  const realms = t.get(RealmsService);
  const realm = (await realms.findBySlug('demo'))!;
  const orgA = (await realms.createOrganization(realm.id, { name: 'School 5, 7A', slug: 'school-5-7a', adminContact: 'Curator A, room 104a' })).id;
  const orgB = (await realms.createOrganization(realm.id, { name: 'School 5, 7B', slug: 'school-5-7b', adminContact: 'Curator B' })).id;
  const adminA = await createUser(t, { login: 'curator.a', password: PASSWORD, roles: ['org_admin'], organizationId: orgA });
  const adminB = await createUser(t, { login: 'curator.b', password: PASSWORD, roles: ['org_admin'], organizationId: orgB });
  const userA = await createUser(t, { login: 'pupil.a', password: PASSWORD, organizationId: orgA, email: 'pupil.a@example.org', emailVerified: true });
  const userB = await createUser(t, { login: 'pupil.b', password: PASSWORD, organizationId: orgB, email: 'pupil.b@example.org', emailVerified: true });
  const plain = await createUser(t, { login: 'plain', password: PASSWORD, organizationId: orgA });
  const auth = {
    realmAdmin: (await loginAs(t, TEST_ADMIN.login, TEST_ADMIN.password)).auth,
    adminA: (await loginAs(t, 'curator.a', PASSWORD)).auth,
    adminB: (await loginAs(t, 'curator.b', PASSWORD)).auth,
    plain: (await loginAs(t, 'plain', PASSWORD)).auth,
  };
  return { t, rec, orgA, orgB, adminA, adminB, userA, userB, plain, auth };
}

/** The stored audit events (oldest first), as the database holds them. */
export async function storedAuditEvents(t: TestApp): Promise<Array<{ type: string; actorId: string | null; userId: string | null; organizationId: string | null; details: string }>> {
  return t.dataSource.query('SELECT * FROM audit_events ORDER BY "at", "seq"');
}
