import { PasswordHasher } from '../../src/password-policy/password-hasher.port';
import { PresetName, RealmSettingsPatch, applySettingsPatch } from '../../src/realms/realm-settings';
import { RealmsService } from '../../src/realms/realms.service';
import { UserEntity } from '../../src/users/entities/user.entity';
import { NewUser, UsersService } from '../../src/users/users.service';
import type { TestApp } from './test-app';

/** Creates a realm with a preset (and optional overrides); returns its id. */
export async function createRealm(t: TestApp, slug: string, preset: PresetName, overrides: RealmSettingsPatch = {}): Promise<string> {
  const realms = t.get(RealmsService);
  const realm = await realms.create(slug, slug, preset);
  if (Object.keys(overrides).length) await realms.saveSettings(realm.id, applySettingsPatch(realm.settings, overrides));
  return realm.id;
}

/** Changes settings of an existing realm. */
export async function patchRealm(t: TestApp, slug: string, patch: RealmSettingsPatch): Promise<void> {
  const realms = t.get(RealmsService);
  const realm = (await realms.findBySlug(slug))!;
  await realms.saveSettings(realm.id, applySettingsPatch(realm.settings, patch));
}

/** Creates a user straight through the users service (password hashed with the real hasher). */
export async function createUser(
  t: TestApp,
  input: Omit<NewUser, 'realmId' | 'passwordHash'> & { realm?: string; password?: string },
): Promise<UserEntity> {
  const { realm = 'demo', password, ...rest } = input;
  const r = await t.get(RealmsService).findBySlug(realm);
  if (!r) throw new Error(`no realm ${realm}`);
  const passwordHash = password === undefined ? null : await t.get(PasswordHasher).hash(password);
  return t.get(UsersService).create({ ...rest, realmId: r.id, passwordHash });
}

/** Signs in through the API; returns the bearer token and the `Authorization` header value. */
export async function loginAs(t: TestApp, login: string, password: string, realm = 'demo'): Promise<{ token: string; auth: string }> {
  const res = await t.http().post(`/api/v1/realms/${realm}/auth/login`).send({ login, password });
  if (res.status !== 200) throw new Error(`login ${login} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { token: res.body.accessToken, auth: `Bearer ${res.body.accessToken}` };
}
