import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AccessRequestsService } from '../../src/access-requests/access-requests.service';
import { UsersService } from '../../src/users/users.service';
import { AdminWorld, createAdminWorld } from '../helpers/admin-world';

const R = '/api/v1/realms/demo/admin';

/** Every staff route that names a user, with a body that would succeed for a user in reach. */
function userRoutes(id: string): Array<{ method: 'get' | 'patch' | 'post' | 'delete'; path: string; body?: object }> {
  return [
    { method: 'get', path: `${R}/users/${id}` },
    { method: 'patch', path: `${R}/users/${id}`, body: { locale: 'en' } },
    { method: 'post', path: `${R}/users/${id}/reset-access`, body: { method: 'link' } },
    { method: 'post', path: `${R}/users/${id}/reset-access`, body: { method: 'temporary-password' } },
    { method: 'post', path: `${R}/users/${id}/unlock` },
    { method: 'delete', path: `${R}/users/${id}/sessions` },
    { method: 'get', path: `${R}/audit?userId=${id}` },
  ];
}

describe('admin scope and roles', () => {
  let w: AdminWorld;
  let requestA: string;
  let requestB: string;
  before(async () => {
    w = await createAdminWorld();
    const realmId = w.userA.realmId;
    const requests = w.t.get(AccessRequestsService);
    requestA = (await requests.open({ realmId, user: w.userA, reason: 'no_confirmed_contact', defaultLocale: 'en' })).id;
    requestB = (await requests.open({ realmId, user: w.userB, reason: 'cannot_change_password', defaultLocale: 'en' })).id;
    // Something about each user in the audit log.
    await w.t.http().patch(`${R}/users/${w.userA.id}`).set('Authorization', w.auth.realmAdmin).send({ permissions: ['reports'] }).expect(200);
    await w.t.http().patch(`${R}/users/${w.userB.id}`).set('Authorization', w.auth.realmAdmin).send({ permissions: ['reports'] }).expect(200);
  });
  after(() => w.t.close());

  it("answers an org_admin 404 user_not_found on every route for another organisation's user, exactly as for a missing one", async () => {
    for (const route of userRoutes(w.userB.id)) {
      const res = await w.t.http()[route.method](route.path).set('Authorization', w.auth.adminA).send(route.body);
      assert.equal(res.status, 404, `${route.method} ${route.path}`);
      const missing = await w.t.http()[route.method](route.path.replace(w.userB.id, '00000000-0000-4000-8000-000000000000')).set('Authorization', w.auth.adminA).send(route.body);
      assert.deepEqual(res.body, missing.body, `${route.method} ${route.path}`);
      assert.equal(res.body.code, 'user_not_found');
      const malformed = await w.t.http()[route.method](route.path.replace(w.userB.id, 'not-an-id')).set('Authorization', w.auth.adminA).send(route.body);
      assert.deepEqual(malformed.body, res.body, `${route.method} malformed id`);
    }
    // The other organisation's user is untouched.
    const b = await w.t.http().get(`${R}/users/${w.userB.id}`).set('Authorization', w.auth.realmAdmin).expect(200);
    assert.equal(b.body.locale, null);
    assert.equal(b.body.mustChangePassword, false);
  });

  it("lets an org_admin act on their own organisation's users on the same routes", async () => {
    for (const route of userRoutes(w.userA.id)) {
      const res = await w.t.http()[route.method](route.path).set('Authorization', w.auth.adminA).send(route.body);
      assert.ok(res.status < 300, `${route.method} ${route.path}: ${res.status} ${JSON.stringify(res.body)}`);
    }
  });

  it('keeps realm_admins out of an org_admin\'s reach, even in their organisation', async () => {
    const created = await w.t.http().post(`${R}/users`).set('Authorization', w.auth.realmAdmin).send({ login: 'support.a', password: 'a long enough passphrase 2', roles: ['realm_admin'], organizationId: w.orgA }).expect(201);
    const res = await w.t.http().get(`${R}/users/${created.body.id}`).set('Authorization', w.auth.adminA);
    assert.equal(res.status, 404);
    const list = await w.t.http().get(`${R}/users?q=support`).set('Authorization', w.auth.adminA).expect(200);
    assert.deepEqual(list.body, { items: [], total: 0 });
  });

  it('shows an org_admin only their organisation in lists: users, organisations, audit, access requests', async () => {
    const users = await w.t.http().get(`${R}/users?pageSize=100`).set('Authorization', w.auth.adminA).expect(200);
    assert.ok(users.body.items.length > 0);
    assert.ok(users.body.items.every((u: { organizationId: string }) => u.organizationId === w.orgA));
    assert.equal(users.body.total, users.body.items.length);
    const filtered = await w.t.http().get(`${R}/users?organizationId=${w.orgB}`).set('Authorization', w.auth.adminA).expect(200);
    assert.deepEqual(filtered.body, { items: [], total: 0 });

    const orgs = await w.t.http().get(`${R}/organizations`).set('Authorization', w.auth.adminA).expect(200);
    assert.deepEqual(orgs.body.items.map((o: { id: string }) => o.id), [w.orgA]);

    const audit = await w.t.http().get(`${R}/audit`).set('Authorization', w.auth.adminA).expect(200);
    assert.ok(audit.body.items.length > 0);
    const inA = new Set([w.userA.id, w.adminA.id, w.plain.id]);
    assert.ok(audit.body.items.every((e: { userId: string }) => inA.has(e.userId)), JSON.stringify(audit.body.items.map((e: { type: string }) => e.type)));
    assert.ok(!audit.body.items.some((e: { userId: string }) => e.userId === w.userB.id));

    const requests = await w.t.http().get(`${R}/access-requests`).set('Authorization', w.auth.adminA).expect(200);
    assert.deepEqual(requests.body.items.map((r: { id: string }) => r.id), [requestA]);
    const all = await w.t.http().get(`${R}/access-requests`).set('Authorization', w.auth.realmAdmin).expect(200);
    assert.deepEqual(new Set(all.body.items.map((r: { id: string }) => r.id)), new Set([requestA, requestB]));
  });

  it("answers an org_admin resolving another organisation's access request like a missing one", async () => {
    const res = await w.t.http().post(`${R}/access-requests/${requestB}/resolve`).set('Authorization', w.auth.adminA).send({ note: 'x' });
    assert.equal(res.status, 404);
    assert.equal(res.body.code, 'access_request_not_found');
    const open = await w.t.http().get(`${R}/access-requests?status=open`).set('Authorization', w.auth.adminB).expect(200);
    assert.deepEqual(open.body.items.map((r: { id: string }) => r.id), [requestB]);
    await w.t.http().post(`${R}/access-requests/${requestA}/resolve`).set('Authorization', w.auth.adminA).send({ note: 'Handed over a temporary password' }).expect(204);
    const resolved = await w.t.http().get(`${R}/access-requests?status=resolved`).set('Authorization', w.auth.adminA).expect(200);
    assert.equal(resolved.body.items.length, 1);
    assert.equal(resolved.body.items[0].resolvedBy, w.adminA.id);
    assert.equal(resolved.body.items[0].note, 'Handed over a temporary password');
  });

  it("keeps a realm_admin's access request out of an org_admin's reach, even in their organisation", async () => {
    const created = await w.t.http().post(`${R}/users`).set('Authorization', w.auth.realmAdmin).send({ login: 'support.req.a', password: 'a long enough passphrase 3', roles: ['realm_admin'], organizationId: w.orgA }).expect(201);
    const support = (await w.t.get(UsersService).findById(w.userA.realmId, created.body.id))!;
    const id = (await w.t.get(AccessRequestsService).open({ realmId: support.realmId, user: support, reason: 'no_confirmed_contact', defaultLocale: 'en' })).id;
    const listed = await w.t.http().get(`${R}/access-requests`).set('Authorization', w.auth.adminA).expect(200);
    assert.ok(!listed.body.items.some((r: { id: string }) => r.id === id));
    const resolve = await w.t.http().post(`${R}/access-requests/${id}/resolve`).set('Authorization', w.auth.adminA).send({ note: 'x' });
    assert.equal(resolve.status, 404);
    assert.equal(resolve.body.code, 'access_request_not_found');
    const all = await w.t.http().get(`${R}/access-requests?status=open`).set('Authorization', w.auth.realmAdmin).expect(200);
    assert.ok(all.body.items.some((r: { id: string }) => r.id === id), 'still open for the realm_admin');
    await w.t.get(AccessRequestsService).resolve({ realmId: support.realmId, id, actorId: support.id });
  });

  it("hands a moved user's access request to the new organisation's admin, and only to them", async () => {
    const created = await w.t.http().post(`${R}/users`).set('Authorization', w.auth.adminA).send({ login: 'pupil.moving' }).expect(201);
    const pupil = (await w.t.get(UsersService).findById(w.userA.realmId, created.body.id))!;
    const id = (await w.t.get(AccessRequestsService).open({ realmId: pupil.realmId, user: pupil, reason: 'no_confirmed_contact', defaultLocale: 'en' })).id;
    const ids = async (who: 'adminA' | 'adminB') => (await w.t.http().get(`${R}/access-requests?status=open`).set('Authorization', w.auth[who]).expect(200)).body.items.map((r: { id: string }) => r.id);
    assert.ok((await ids('adminA')).includes(id));
    await w.t.http().patch(`${R}/users/${pupil.id}`).set('Authorization', w.auth.realmAdmin).send({ organizationId: w.orgB }).expect(200);
    assert.ok(!(await ids('adminA')).includes(id), 'the former organisation no longer reaches the user');
    assert.ok((await ids('adminB')).includes(id), "the new organisation's admin sees it");
    const old = await w.t.http().post(`${R}/access-requests/${id}/resolve`).set('Authorization', w.auth.adminA).send({});
    assert.equal(old.status, 404);
    assert.equal(old.body.code, 'access_request_not_found');
    await w.t.http().post(`${R}/access-requests/${id}/resolve`).set('Authorization', w.auth.adminB).send({ note: 'New curator' }).expect(204);
  });

  it("shows a moved user's audit history to the new organisation's admin, and no longer to the former", async () => {
    const created = await w.t.http().post(`${R}/users`).set('Authorization', w.auth.adminA).send({ login: 'pupil.history' }).expect(201);
    const id = created.body.id;
    await w.t.http().patch(`${R}/users/${id}`).set('Authorization', w.auth.adminA).send({ locale: 'en' }).expect(200);
    const about = async (who: 'adminA' | 'adminB') => (await w.t.http().get(`${R}/audit`).set('Authorization', w.auth[who]).expect(200)).body.items.filter((e: { userId: string }) => e.userId === id).map((e: { type: string }) => e.type);
    assert.deepEqual(await about('adminA'), ['user.updated', 'user.created']);
    await w.t.http().patch(`${R}/users/${id}`).set('Authorization', w.auth.realmAdmin).send({ organizationId: w.orgB }).expect(200);
    assert.deepEqual(await about('adminA'), [], 'like ?userId=, which is now 404 for them');
    assert.equal((await w.t.http().get(`${R}/audit?userId=${id}`).set('Authorization', w.auth.adminA)).status, 404);
    assert.deepEqual(await about('adminB'), ['user.updated', 'user.updated', 'user.created']);
  });

  it('keeps org_admins to their organisation when creating and moving users, and from granting realm_admin', async () => {
    const intoB = await w.t.http().post(`${R}/users`).set('Authorization', w.auth.adminA).send({ login: 'new.b', organizationId: w.orgB });
    assert.equal(intoB.status, 404);
    assert.equal(intoB.body.code, 'organization_not_found');
    const grant = await w.t.http().post(`${R}/users`).set('Authorization', w.auth.adminA).send({ login: 'new.ra', roles: ['realm_admin'] });
    assert.equal(grant.status, 403);
    assert.equal(grant.body.code, 'forbidden');
    const own = await w.t.http().post(`${R}/users`).set('Authorization', w.auth.adminA).send({ login: 'new.a' }).expect(201);
    assert.equal(own.body.organizationId, w.orgA);
    const move = await w.t.http().patch(`${R}/users/${own.body.id}`).set('Authorization', w.auth.adminA).send({ organizationId: w.orgB });
    assert.equal(move.status, 404);
    assert.equal(move.body.code, 'organization_not_found');
    const promote = await w.t.http().patch(`${R}/users/${own.body.id}`).set('Authorization', w.auth.adminA).send({ roles: ['realm_admin'] });
    assert.equal(promote.status, 403);
  });

  it('gives org_admins read-only realm settings and no organisation creation', async () => {
    await w.t.http().get(`${R}/realm`).set('Authorization', w.auth.adminA).expect(200);
    const patch = await w.t.http().patch(`${R}/realm`).set('Authorization', w.auth.adminA).send({ captcha: true });
    assert.equal(patch.status, 403);
    assert.equal(patch.body.code, 'forbidden');
    const org = await w.t.http().post(`${R}/organizations`).set('Authorization', w.auth.adminA).send({ name: 'X', slug: 'x' });
    assert.equal(org.status, 403);
    assert.equal(org.body.code, 'forbidden');
  });

  it('answers plain users 403 forbidden and anonymous callers 401 on every admin route', async () => {
    const routes = [
      ...userRoutes(w.userA.id),
      { method: 'get' as const, path: `${R}/realm` },
      { method: 'patch' as const, path: `${R}/realm`, body: { captcha: true } },
      { method: 'get' as const, path: `${R}/organizations` },
      { method: 'post' as const, path: `${R}/organizations`, body: { name: 'X', slug: 'x' } },
      { method: 'get' as const, path: `${R}/users` },
      { method: 'post' as const, path: `${R}/users`, body: { login: 'x' } },
      { method: 'get' as const, path: `${R}/audit` },
      { method: 'get' as const, path: `${R}/access-requests` },
      { method: 'post' as const, path: `${R}/access-requests/${requestB}/resolve`, body: {} },
    ];
    for (const route of routes) {
      const res = await w.t.http()[route.method](route.path).set('Authorization', w.auth.plain).send(route.body);
      assert.equal(res.status, 403, `${route.method} ${route.path}`);
      assert.equal(res.body.code, 'forbidden');
      const anon = await w.t.http()[route.method](route.path).send(route.body);
      assert.equal(anon.status, 401, `${route.method} ${route.path}`);
      assert.equal(anon.body.code, 'unauthenticated');
    }
  });
});
