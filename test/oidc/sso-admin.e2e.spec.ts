import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAdminWorld, AdminWorld, PASSWORD, storedAuditEvents } from '../helpers/admin-world';

const BASE = '/api/v1/realms/demo/admin/oidc-clients';

describe('single sign-on: client administration', () => {
  let w: AdminWorld;
  before(async () => {
    w = await createAdminWorld();
  });
  after(() => w?.t.close());

  it('registers a confidential client, shows the secret once, keeps it sealed, lists without secrets, audits', async () => {
    const res = await w.t.http().post(BASE).set('Authorization', w.auth.realmAdmin).send({ name: 'Diary', redirectUris: ['https://diary.example.org/cb', 'http://localhost:8080/cb'] });
    assert.equal(res.status, 201);
    assert.deepEqual(Object.keys(res.body).sort(), ['clientId', 'clientSecret', 'createdAt', 'firstParty', 'name', 'postLogoutRedirectUris', 'public', 'redirectUris']);
    assert.equal(res.body.public, false);
    assert.equal(res.body.firstParty, false);
    assert.deepEqual(res.body.postLogoutRedirectUris, []);
    assert.ok(res.body.clientSecret.length >= 43);
    const rows: Array<{ secretSealed: string }> = await w.t.dataSource.query('SELECT * FROM oidc_clients');
    assert.ok(!JSON.stringify(rows).includes(res.body.clientSecret), 'the secret is not stored in plain text');
    const list = await w.t.http().get(BASE).set('Authorization', w.auth.realmAdmin);
    assert.equal(list.status, 200);
    assert.equal(list.body.items.length, 1);
    assert.equal(list.body.items[0].clientId, res.body.clientId);
    assert.ok(!('clientSecret' in list.body.items[0]));
    assert.ok(!JSON.stringify(await storedAuditEvents(w.t)).includes(res.body.clientSecret));

    const pub = await w.t.http().post(BASE).set('Authorization', w.auth.realmAdmin).send({ name: 'Mobile', redirectUris: ['http://127.0.0.1:7000/cb'], public: true, firstParty: true });
    assert.equal(pub.status, 201);
    assert.equal(pub.body.clientSecret, null);

    const del = await w.t.http().delete(`${BASE}/${res.body.clientId}`).set('Authorization', w.auth.realmAdmin);
    assert.equal(del.status, 204);
    const again = await w.t.http().delete(`${BASE}/${res.body.clientId}`).set('Authorization', w.auth.realmAdmin);
    assert.equal(again.status, 404);
    assert.equal(again.body.code, 'oidc_client_not_found');
    const types = (await storedAuditEvents(w.t)).map((e) => e.type);
    assert.equal(types.filter((x) => x === 'oidc_client.created').length, 2);
    assert.equal(types.filter((x) => x === 'oidc_client.deleted').length, 1);
    const audit = await w.t.http().get('/api/v1/realms/demo/admin/audit?type=oidc_client.created').set('Authorization', w.auth.realmAdmin);
    assert.equal(audit.status, 200);
  });

  it('refuses redirect URIs that are not absolute https (or http on localhost), or carry a fragment', async () => {
    for (const bad of ['http://diary.example.org/cb', 'https://diary.example.org/cb#x', '/cb', 'diary', 'javascript:alert(1)', 'ftp://localhost/cb', 'http://localhost.evil.org/cb']) {
      const res = await w.t.http().post(BASE).set('Authorization', w.auth.realmAdmin).send({ name: 'Bad', redirectUris: [bad] });
      assert.equal(res.status, 400, bad);
      assert.equal(res.body.code, 'validation_failed');
      assert.equal(res.body.details.fields[0].field, 'redirectUris.0');
    }
    const logout = await w.t.http().post(BASE).set('Authorization', w.auth.realmAdmin).send({ name: 'Bad', redirectUris: ['https://a.example.org/cb'], postLogoutRedirectUris: ['http://a.example.org/'] });
    assert.equal(logout.status, 400);
    assert.equal(logout.body.details.fields[0].field, 'postLogoutRedirectUris.0');
    for (const body of [{ name: 'x', redirectUris: [] }, { name: '', redirectUris: ['https://a.example.org/cb'] }, { name: 'x' }, { name: 'x', redirectUris: ['https://a.example.org/cb'], extra: 1 }, { name: 'x', redirectUris: 'https://a.example.org/cb' }]) {
      const res = await w.t.http().post(BASE).set('Authorization', w.auth.realmAdmin).send(body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.code, 'validation_failed');
    }
  });

  it('is for realm admins only: org_admin and plain users 403 forbidden, no session 401', async () => {
    for (const auth of [w.auth.adminA, w.auth.plain]) {
      assert.equal((await w.t.http().get(BASE).set('Authorization', auth)).body.code, 'forbidden');
      const post = await w.t.http().post(BASE).set('Authorization', auth).send({ name: 'x', redirectUris: ['https://a.example.org/cb'] });
      assert.equal(post.status, 403);
      assert.equal(post.body.code, 'forbidden');
      assert.equal((await w.t.http().delete(`${BASE}/whatever`).set('Authorization', auth)).status, 403);
    }
    assert.equal((await w.t.http().get(BASE)).status, 401);
  });

  it('the applications page is for realm admins: an org_admin gets the 403 page and no tab', async () => {
    const login = await w.t.http().post('/api/v1/realms/demo/auth/login').send({ login: 'curator.a', password: PASSWORD });
    const cookie = login.headers['set-cookie'] as unknown as string[];
    const res = await w.t.http().get('/realms/demo/admin/oidc-clients').set('Cookie', cookie);
    assert.equal(res.status, 403);
    const users = await w.t.http().get('/realms/demo/admin/users').set('Cookie', cookie);
    assert.equal(users.status, 200);
    assert.doesNotMatch(users.text, /oidc-clients/);
  });

  it('an unknown path under a realm\'s provider is 404 not_found in the service\'s error shape', async () => {
    const res = await w.t.http().get('/realms/demo/oidc/nothing-here');
    assert.equal(res.status, 404);
    assert.equal(res.body.code, 'not_found');
  });
});
