import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { AccessRequestsService } from '../../src/access-requests/access-requests.service';
import { AuditQueryService } from '../../src/audit/audit-query.service';
import { RealmsService } from '../../src/realms/realms.service';
import type { UserEntity } from '../../src/users/entities/user.entity';
import { UsersService } from '../../src/users/users.service';
import { FakeClock } from '../fakes/fake-clock';
import { createUser } from '../helpers/fixtures';
import { createTestApp, TestApp } from '../helpers/test-app';

type Agent = ReturnType<typeof request.agent>;

function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  assert.ok(m, 'the page carries a CSRF token');
  return m[1];
}

function alertOf(html: string): string {
  return /role="alert"[^>]*>\s*<p>([^<]*)<\/p>/.exec(html)?.[1] ?? '';
}

/** A browser-like agent signed in through the sign-in page; returns it with its CSRF token. */
async function signedIn(t: TestApp, login: string, password: string): Promise<{ agent: Agent; csrf: string }> {
  const agent = request.agent(t.app.getHttpServer());
  const token = csrfOf((await agent.get('/realms/demo/sign-in?lang=ru')).text);
  const res = await agent.post('/realms/demo/sign-in').type('form').send({ _csrf: token, login, password });
  assert.equal(res.status, 303, `${login} signs in`);
  return { agent, csrf: csrfOf((await agent.get('/realms/demo/account')).text) };
}

describe('admin pages over HTTP: scope, refusals, CSRF', () => {
  let t: TestApp;
  let pupilA: UserEntity;
  let pupilB: UserEntity;
  let curator: { agent: Agent; csrf: string };
  let orgA: string;
  before(async () => {
    t = await createTestApp({ clock: new FakeClock(new Date()) });
    const realm = (await t.get(RealmsService).findBySlug('demo'))!;
    orgA = (await t.get(RealmsService).createOrganization(realm.id, { name: 'School 5, 7A', slug: '7a' })).id;
    const orgB = (await t.get(RealmsService).createOrganization(realm.id, { name: 'School 5, 7B', slug: '7b' })).id;
    await createUser(t, { login: 'curator.7a', password: 'curator passphrase 7a', roles: ['org_admin'], organizationId: orgA, locale: 'ru' });
    pupilA = await createUser(t, { login: 'pupil.7a', password: 'pupil passphrase 7a', organizationId: orgA, email: 'pupil.7a@example.org', emailVerified: true });
    pupilB = await createUser(t, { login: 'pupil.7b', password: 'pupil passphrase 7b', organizationId: orgB });
    await createUser(t, { login: 'plain', password: 'plain user passphrase', locale: 'ru' });
    curator = await signedIn(t, 'curator.7a', 'curator passphrase 7a');
  });
  after(() => t.close());

  it("an org_admin sees only their organisation: another organisation's user is a 404 page, like a missing one", async () => {
    const list = await curator.agent.get('/realms/demo/admin/users');
    assert.equal(list.status, 200);
    assert.equal(list.headers['cache-control'], 'no-store');
    assert.match(list.text, /pupil\.7a/);
    assert.doesNotMatch(list.text, /pupil\.7b/);
    const other = await curator.agent.get(`/realms/demo/admin/users/${pupilB.id}`);
    const missing = await curator.agent.get('/realms/demo/admin/users/00000000-0000-4000-8000-000000000000');
    const malformed = await curator.agent.get('/realms/demo/admin/users/not-an-id');
    for (const res of [other, missing, malformed]) {
      assert.equal(res.status, 404);
      assert.match(res.headers['content-type'], /^text\/html/);
      assert.equal(alertOf(res.text), alertOf(missing.text));
    }
    assert.ok(alertOf(missing.text));
    assert.doesNotMatch(other.text, /pupil\.7b/);
    // Actions on them are refused the same way, and change nothing.
    for (const action of ['reset-access', 'unlock', 'end-sessions', 'disable']) {
      const res = await curator.agent.post(`/realms/demo/admin/users/${pupilB.id}/${action}`).type('form').send({ _csrf: curator.csrf, method: 'temporary-password' });
      assert.equal(res.status, 404, action);
    }
    const b = (await t.get(UsersService).findById(pupilB.realmId, pupilB.id))!;
    assert.equal(b.mustChangePassword, false);
    assert.equal(b.disabled, false);
    // The organisation select offers only their own organisation.
    const form = await curator.agent.get('/realms/demo/admin/users/new');
    assert.match(form.text, /School 5, 7A/);
    assert.doesNotMatch(form.text, /School 5, 7B/);
    assert.doesNotMatch(form.text, /value="realm_admin"/);
  });

  it('an org_admin creates a user in their organisation and edits one; a changed e-mail becomes unconfirmed', async () => {
    const created = await curator.agent.post('/realms/demo/admin/users/new').type('form').send({ _csrf: curator.csrf, login: 'pupil.new', email: 'new@example.org', roles: 'user', canChangeOwnPassword: 'on' });
    assert.equal(created.status, 303, created.text);
    const user = (await t.get(UsersService).findByLogin(pupilA.realmId, 'pupil.new'))!;
    assert.equal(user.organizationId, orgA);
    assert.match(created.headers.location, new RegExp(`/admin/users/${user.id}\\?done=user_created$`));

    const taken = await curator.agent.post('/realms/demo/admin/users/new').type('form').send({ _csrf: curator.csrf, login: 'PUPIL.NEW', roles: 'user' });
    assert.equal(taken.status, 409);
    assert.match(taken.text, /role="alert"/);
    assert.match(taken.text, /value="PUPIL\.NEW"/, 'the form keeps what was typed');

    // The edit form as the page shows it, with the "confirmed" box still ticked and a new address.
    const edit = await curator.agent.post(`/realms/demo/admin/users/${pupilA.id}`).type('form').send({
      _csrf: curator.csrf, email: 'other@example.org', emailVerified: 'on', organizationId: orgA, roles: 'user', canChangeOwnPassword: 'on',
    });
    assert.equal(edit.status, 303, edit.text);
    let a = (await t.get(UsersService).findById(pupilA.realmId, pupilA.id))!;
    assert.equal(a.email, 'other@example.org');
    assert.equal(a.emailVerified, false, 'a box ticked for the old address does not confirm the new one');
    // Saving again with the box ticked confirms the address as it is.
    await curator.agent.post(`/realms/demo/admin/users/${pupilA.id}`).type('form').send({
      _csrf: curator.csrf, email: 'other@example.org', emailVerified: 'on', organizationId: orgA, roles: 'user', canChangeOwnPassword: 'on',
    }).expect(303);
    a = (await t.get(UsersService).findById(pupilA.realmId, pupilA.id))!;
    assert.equal(a.emailVerified, true);

    const bad = await curator.agent.post(`/realms/demo/admin/users/${pupilA.id}`).type('form').send({ _csrf: curator.csrf, phone: '8 953', roles: 'user' });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /id="f-phone-error"/);
  });

  it('disables and enables a user; the temporary password page is not stored by caches', async () => {
    const off = await curator.agent.post(`/realms/demo/admin/users/${pupilA.id}/disable`).type('form').send({ _csrf: curator.csrf, disabled: 'on' });
    assert.equal(off.status, 303);
    assert.equal((await t.get(UsersService).findById(pupilA.realmId, pupilA.id))!.disabled, true);
    await curator.agent.post(`/realms/demo/admin/users/${pupilA.id}/disable`).type('form').send({ _csrf: curator.csrf, disabled: 'off' }).expect(303);
    assert.equal((await t.get(UsersService).findById(pupilA.realmId, pupilA.id))!.disabled, false);

    const page = await curator.agent.get(`/realms/demo/admin/users/${pupilA.id}`);
    const stamp = /name="stamp" value="([^"]+)"/.exec(page.text)?.[1];
    assert.ok(stamp, 'the temporary-password form carries the stamp of the user state');
    const res = await curator.agent.post(`/realms/demo/admin/users/${pupilA.id}/reset-access`).type('form').send({ _csrf: curator.csrf, method: 'temporary-password', stamp });
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.doesNotMatch(res.text, /<script>|<style>| style="| on\w+="/, 'nothing inline');
    assert.match(res.text, /id="temporary-password">[^<]{8,}</);
    const again = await curator.agent.get(`/realms/demo/admin/users/${pupilA.id}`);
    assert.doesNotMatch(again.text, /id="temporary-password"/, 'shown once');
  });

  it('lists access requests of their organisation and resolves one with a note', async () => {
    const requests = t.get(AccessRequestsService);
    const a = (await t.get(UsersService).findById(pupilA.realmId, pupilA.id))!;
    const b = (await t.get(UsersService).findById(pupilB.realmId, pupilB.id))!;
    const { id } = await requests.open({ realmId: a.realmId, user: a, reason: 'no_confirmed_contact', defaultLocale: 'ru' });
    const { id: otherId } = await requests.open({ realmId: b.realmId, user: b, reason: 'cannot_change_password', defaultLocale: 'ru' });
    const open = await curator.agent.get('/realms/demo/admin/access-requests');
    assert.equal(open.status, 200);
    assert.match(open.text, /pupil\.7a/);
    assert.match(open.text, /нет подтверждённого email или телефона/);
    assert.doesNotMatch(open.text, /pupil\.7b/);
    const foreign = await curator.agent.post(`/realms/demo/admin/access-requests/${otherId}/resolve`).type('form').send({ _csrf: curator.csrf, note: 'x' });
    assert.equal(foreign.status, 404);
    const done = await curator.agent.post(`/realms/demo/admin/access-requests/${id}/resolve`).type('form').send({ _csrf: curator.csrf, note: 'handed a temporary password in class' });
    assert.equal(done.status, 303);
    const resolved = await curator.agent.get('/realms/demo/admin/access-requests?status=resolved');
    assert.match(resolved.text, /handed a temporary password in class/);
    const audit = await curator.agent.get('/realms/demo/admin/audit?type=access_request.resolved');
    assert.equal(audit.status, 200);
    assert.match(audit.text, /access_request\.resolved/);
  });

  it('shows an org_admin the realm settings read-only and refuses their changes', async () => {
    const page = await curator.agent.get('/realms/demo/admin/settings');
    assert.equal(page.status, 200);
    assert.match(page.text, /Настройки доступны только для просмотра/);
    assert.doesNotMatch(page.text, /name="patch"/);
    const res = await curator.agent.post('/realms/demo/admin/settings').type('form').send({ _csrf: curator.csrf, patch: '{"captcha": true}' });
    assert.equal(res.status, 403);
  });

  it('gives a plain user a 403 page on every admin page, and no admin link', async () => {
    const plain = await signedIn(t, 'plain', 'plain user passphrase');
    for (const path of ['/admin/users', `/admin/users/${pupilA.id}`, '/admin/access-requests', '/admin/audit', '/admin/settings']) {
      const res = await plain.agent.get(`/realms/demo${path}`);
      assert.equal(res.status, 403, path);
      assert.match(res.headers['content-type'], /^text\/html/);
      assert.ok(alertOf(res.text), 'the page says why');
    }
    const post = await plain.agent.post(`/realms/demo/admin/users/${pupilA.id}/reset-access`).type('form').send({ _csrf: plain.csrf, method: 'temporary-password' });
    assert.equal(post.status, 403);
    const account = await plain.agent.get('/realms/demo/account');
    assert.doesNotMatch(account.text, /href="\/realms\/demo\/admin"/);
    const anonymous = await t.http().get('/realms/demo/admin/users');
    assert.equal(anonymous.status, 303);
    assert.equal(anonymous.headers.location, '/realms/demo/sign-in');
  });

  it('refuses every admin form without its CSRF token, or with the token of another browser', async () => {
    const other = await signedIn(t, 'curator.7a', 'curator passphrase 7a');
    const before = (await t.get(AuditQueryService).page({ realmId: pupilA.realmId, type: 'admin.reset_access' }, 1, 1)).total;
    const forms: Array<[string, Record<string, string>]> = [
      [`/admin/users/${pupilA.id}/reset-access`, { method: 'temporary-password' }],
      [`/admin/users/${pupilA.id}/unlock`, {}],
      [`/admin/users/${pupilA.id}/end-sessions`, {}],
      [`/admin/users/${pupilA.id}/disable`, { disabled: 'on' }],
      [`/admin/users/${pupilA.id}`, { email: 'evil@example.org', roles: 'user' }],
      ['/admin/users/new', { login: 'forged', roles: 'user' }],
      ['/admin/access-requests/00000000-0000-4000-8000-000000000000/resolve', { note: 'x' }],
      ['/admin/settings', { patch: '{}' }],
    ];
    for (const [path, body] of forms) {
      const missing = await curator.agent.post(`/realms/demo${path}`).type('form').send(body);
      assert.equal(missing.status, 403, `${path} without a token`);
      assert.match(missing.headers['content-type'], /^text\/html/);
      const foreign = await curator.agent.post(`/realms/demo${path}`).type('form').send({ ...body, _csrf: other.csrf });
      assert.equal(foreign.status, 403, `${path} with another browser's token`);
    }
    const a = (await t.get(UsersService).findById(pupilA.realmId, pupilA.id))!;
    assert.equal(a.disabled, false);
    assert.notEqual(a.email, 'evil@example.org');
    assert.equal(await t.get(UsersService).findByLogin(pupilA.realmId, 'forged'), null);
    assert.equal((await t.get(AuditQueryService).page({ realmId: pupilA.realmId, type: 'admin.reset_access' }, 1, 1)).total, before);
  });
});
