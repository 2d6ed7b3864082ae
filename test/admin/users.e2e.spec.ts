import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AccessRequestsService } from '../../src/access-requests/access-requests.service';
import { AuditService } from '../../src/audit/audit.service';
import { UsersService } from '../../src/users/users.service';
import { AdminWorld, createAdminWorld, PASSWORD, storedAuditEvents } from '../helpers/admin-world';
import { loginAs } from '../helpers/fixtures';

const R = '/api/v1/realms/demo/admin';

describe('admin users', () => {
  let w: AdminWorld;
  before(async () => {
    w = await createAdminWorld();
  });
  after(() => w.t.close());

  const as = (who: keyof AdminWorld['auth']) => ({
    get: (p: string) => w.t.http().get(p).set('Authorization', w.auth[who]),
    post: (p: string, body: object = {}) => w.t.http().post(p).set('Authorization', w.auth[who]).send(body),
    patch: (p: string, body: object) => w.t.http().patch(p).set('Authorization', w.auth[who]).send(body),
    delete: (p: string) => w.t.http().delete(p).set('Authorization', w.auth[who]),
  });

  it('creates a user with a policy-checked password who can then sign in', async () => {
    const res = await as('realmAdmin').post(`${R}/users`, {
      login: 'Ivanov.Ivan',
      password: 'another long passphrase',
      email: 'ivan@example.org',
      emailVerified: true,
      phone: '+7 (953) 354-12-34',
      birthDate: '2011-04-01',
      locale: 'ru',
      organizationId: w.orgA,
      permissions: ['reports'],
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.login, 'Ivanov.Ivan');
    assert.equal(res.body.phone, '+79533541234');
    assert.equal(res.body.phoneVerified, false);
    assert.equal(res.body.emailVerified, true);
    assert.equal(res.body.hasPassword, true);
    assert.deepEqual(res.body.roles, ['user']);
    assert.equal(res.body.passwordHash, undefined);
    await loginAs(w.t, 'ivanov.ivan', 'another long passphrase');
  });

  it('refuses a weak password (password_policy), a taken login in any case (login_taken) and bad fields', async () => {
    const weak = await as('realmAdmin').post(`${R}/users`, { login: 'weak', password: 'short' });
    assert.equal(weak.status, 400);
    assert.equal(weak.body.code, 'password_policy');
    assert.ok(weak.body.details.violations.some((v: { rule: string }) => v.rule === 'min_length'));
    const taken = await as('realmAdmin').post(`${R}/users`, { login: 'IVANOV.ivan' });
    assert.equal(taken.status, 409);
    assert.equal(taken.body.code, 'login_taken');
    const bad = await as('realmAdmin').post(`${R}/users`, { login: 'has space', email: 'nope', phone: '12', birthDate: '2011-02-30', roles: ['god'], permissions: ['Bad Perm'], extra: 1 });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.details.fields.map((f: { field: string }) => f.field).sort(), ['birthDate', 'email', 'extra', 'login', 'permissions', 'phone', 'roles']);
    const org = await as('realmAdmin').post(`${R}/users`, { login: 'orphan', organizationId: '00000000-0000-4000-8000-000000000000' });
    assert.equal(org.status, 404);
    assert.equal(org.body.code, 'organization_not_found');
  });

  it('creates a user without a password: a setup link is e-mailed, and sign-in fails until then', async () => {
    w.rec.clear();
    const res = await as('adminA').post(`${R}/users`, { login: 'newcomer', email: 'newcomer@example.org' });
    assert.equal(res.status, 201);
    assert.equal(res.body.hasPassword, false);
    assert.equal(res.body.organizationId, w.orgA);
    const notice = w.rec.last('setup-link')!;
    assert.equal(notice.to, 'newcomer@example.org');
    assert.match(notice.secrets!.link, /^http:\/\/localhost:3000\/realms\/demo\/reset-password\?token=[\w-]{43}$/);
    const login = await w.t.http().post('/api/v1/realms/demo/auth/login').send({ login: 'newcomer', password: '' });
    assert.equal(login.status, 401);
  });

  it('lists users with search and paging', async () => {
    for (let i = 1; i <= 5; i++) await as('realmAdmin').post(`${R}/users`, { login: `class7b.pupil${i}`, organizationId: w.orgB, email: `p${i}@school.example` }).expect(201);
    const page1 = await as('realmAdmin').get(`${R}/users?q=CLASS7B&pageSize=2`).expect(200);
    assert.equal(page1.body.total, 5);
    assert.deepEqual(page1.body.items.map((u: { login: string }) => u.login), ['class7b.pupil1', 'class7b.pupil2']);
    const page3 = await as('realmAdmin').get(`${R}/users?q=class7b&pageSize=2&page=3`).expect(200);
    assert.deepEqual(page3.body.items.map((u: { login: string }) => u.login), ['class7b.pupil5']);
    const byEmail = await as('realmAdmin').get(`${R}/users?q=P3@SCHOOL`).expect(200);
    assert.deepEqual(byEmail.body.items.map((u: { login: string }) => u.login), ['class7b.pupil3']);
    const byPhone = await as('realmAdmin').get(`${R}/users?q=3541234`).expect(200);
    assert.deepEqual(byPhone.body.items.map((u: { login: string }) => u.login), ['Ivanov.Ivan']);
    const wildcard = await as('realmAdmin').get(`${R}/users?q=%25`).expect(200);
    assert.equal(wildcard.body.total, 0);
    const byOrg = await as('realmAdmin').get(`${R}/users?organizationId=${w.orgB}&pageSize=100`).expect(200);
    assert.ok(byOrg.body.items.every((u: { organizationId: string }) => u.organizationId === w.orgB));
    for (const q of ['page=0', 'pageSize=101', 'pageSize=x', 'unknown=1']) {
      const res = await as('realmAdmin').get(`${R}/users?${q}`);
      assert.equal(res.status, 400, q);
      assert.equal(res.body.code, 'validation_failed');
    }
  });

  it("takes only one of the realm's languages as a user's locale", async () => {
    const { locales, defaultLocale } = (await as('realmAdmin').get(`${R}/realm`).expect(200)).body;
    await as('realmAdmin').patch(`${R}/realm`, { locales: ['ru'], defaultLocale: 'ru' }).expect(200);
    try {
      const created = await as('realmAdmin').post(`${R}/users`, { login: 'locale.en', locale: 'en' });
      assert.equal(created.status, 400);
      assert.equal(created.body.code, 'validation_failed');
      assert.deepEqual(created.body.details.fields.map((f: { field: string }) => f.field), ['locale']);
      const before = (await as('realmAdmin').get(`${R}/users/${w.userA.id}`).expect(200)).body.locale;
      const patched = await as('realmAdmin').patch(`${R}/users/${w.userA.id}`, { locale: 'en' });
      assert.equal(patched.status, 400);
      assert.equal(patched.body.code, 'validation_failed');
      assert.equal((await as('realmAdmin').get(`${R}/users/${w.userA.id}`).expect(200)).body.locale, before);
      await as('realmAdmin').post(`${R}/users`, { login: 'locale.ru', locale: 'ru' }).expect(201);
    } finally {
      await as('realmAdmin').patch(`${R}/realm`, { locales, defaultLocale }).expect(200);
    }
  });

  it('refuses an organisation whose name is only blanks', async () => {
    const res = await as('realmAdmin').post(`${R}/organizations`, { name: '   ', slug: 'blank-name' });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'validation_failed');
    assert.deepEqual(res.body.details.fields.map((f: { field: string }) => f.field), ['name']);
    const orgs = (await as('realmAdmin').get(`${R}/organizations`).expect(200)).body.items;
    assert.ok(!orgs.some((o: { slug: string }) => o.slug === 'blank-name'));
    const ok = await as('realmAdmin').post(`${R}/organizations`, { name: '  School 9  ', slug: 'school-9' }).expect(201);
    assert.equal(ok.body.name, 'School 9');
  });

  it('updates a user, and disabling ends their sessions at once', async () => {
    const session = await loginAs(w.t, 'pupil.a', PASSWORD);
    const res = await as('adminA').patch(`${R}/users/${w.userA.id}`, { disabled: true, canChangeOwnPassword: false, phone: '+44 20 7946 0958', locale: 'en' });
    assert.equal(res.status, 200);
    assert.equal(res.body.disabled, true);
    assert.equal(res.body.canChangeOwnPassword, false);
    assert.equal(res.body.phone, '+442079460958');
    assert.equal((await w.t.http().get('/api/v1/realms/demo/auth/session').set('Authorization', session.auth)).status, 401);
    const rows = await w.t.dataSource.query('SELECT "revokedAt" FROM sessions WHERE "userId" = $1'.replace('$1', w.t.db.kind === 'postgres' ? '$1' : '?'), [w.userA.id]);
    assert.ok(rows.length > 0 && rows.every((r: { revokedAt: unknown }) => r.revokedAt !== null));
    await as('adminA').patch(`${R}/users/${w.userA.id}`, { disabled: false, canChangeOwnPassword: true }).expect(200);
    const changedEmail = await as('adminA').patch(`${R}/users/${w.userA.id}`, { email: 'other@example.org' }).expect(200);
    assert.equal(changedEmail.body.emailVerified, false, 'a new e-mail is unconfirmed');
    await as('adminA').patch(`${R}/users/${w.userA.id}`, { email: 'pupil.a@example.org', emailVerified: true }).expect(200);
  });

  it('resets access by temporary password: shown once, forced change, dead after 72 hours', async () => {
    const before = await loginAs(w.t, 'pupil.a', PASSWORD);
    const res = await as('adminA').post(`${R}/users/${w.userA.id}/reset-access`, { method: 'temporary-password' });
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    const temp: string = res.body.temporaryPassword;
    assert.ok(temp.length >= 15);
    assert.equal(res.body.expiresAt, new Date(w.t.clock.now().getTime() + 72 * 3600_000).toISOString());
    assert.equal((await w.t.http().get('/api/v1/realms/demo/auth/session').set('Authorization', before.auth)).status, 401, 'sessions ended');
    assert.equal((await w.t.http().post('/api/v1/realms/demo/auth/login').send({ login: 'pupil.a', password: PASSWORD })).status, 401, 'old password gone');
    const notice = w.rec.last('temporary-password')!;
    assert.equal(notice.to, 'pupil.a@example.org');
    assert.ok(!JSON.stringify(notice).includes(temp), 'the notice never carries the password');

    const view = await as('adminA').get(`${R}/users/${w.userA.id}`).expect(200);
    assert.equal(view.body.mustChangePassword, true);
    assert.equal(view.body.temporaryPassword, undefined);

    const s = await loginAs(w.t, 'pupil.a', temp);
    const session = await w.t.http().get('/api/v1/realms/demo/auth/session').set('Authorization', s.auth).expect(200);
    assert.equal(session.body.user.mustChangePassword, true);
    const me = await w.t.http().get('/api/v1/realms/demo/me').set('Authorization', s.auth);
    assert.equal(me.status, 403);
    assert.equal(me.body.code, 'password_change_required');

    w.t.clock.advanceSeconds(72 * 3600);
    const expired = await w.t.http().post('/api/v1/realms/demo/auth/login').send({ login: 'pupil.a', password: temp });
    assert.equal(expired.status, 401);
    assert.equal(expired.body.code, 'invalid_credentials');
    w.t.clock.advanceSeconds(-72 * 3600);
  });

  it('makes the user change a temporary password before anything else, and the new one does not expire', async () => {
    const res = await as('realmAdmin').post(`${R}/users/${w.plain.id}/reset-access`, { method: 'temporary-password' }).expect(200);
    const s = await loginAs(w.t, 'plain', res.body.temporaryPassword);
    const blocked = await w.t.http().get(`${R}/users`).set('Authorization', s.auth);
    assert.equal(blocked.status, 403);
    assert.equal(blocked.body.code, 'password_change_required');
    const reuse = await w.t.http().post('/api/v1/realms/demo/auth/password').set('Authorization', s.auth).send({ currentPassword: res.body.temporaryPassword, newPassword: res.body.temporaryPassword, newPasswordConfirm: res.body.temporaryPassword });
    assert.equal(reuse.status, 400, 'the temporary password cannot be kept');
    assert.equal(reuse.body.code, 'password_policy');
    await w.t.http()
      .post('/api/v1/realms/demo/auth/password')
      .set('Authorization', s.auth)
      .send({ currentPassword: res.body.temporaryPassword, newPassword: 'my own new passphrase', newPasswordConfirm: 'my own new passphrase' })
      .expect(204);
    const me = await w.t.http().get('/api/v1/realms/demo/me').set('Authorization', s.auth).expect(200);
    assert.equal(me.body.mustChangePassword, false);
    w.t.clock.advanceSeconds(73 * 3600);
    await loginAs(w.t, 'plain', 'my own new passphrase');
    w.t.clock.advanceSeconds(-73 * 3600);
    const view = await as('realmAdmin').get(`${R}/users/${w.plain.id}`).expect(200);
    assert.equal(view.body.passwordExpiresAt, null);
  });

  it('resets access by link: 202, e-mailed to the confirmed address for 12 hours; earlier links die; 409 without a confirmed e-mail', async () => {
    const first = await as('realmAdmin').post(`${R}/users/${w.userB.id}/reset-access`, { method: 'link' });
    assert.equal(first.status, 202);
    assert.deepEqual(Object.keys(first.body), ['expiresAt']);
    assert.equal(first.body.expiresAt, new Date(w.t.clock.now().getTime() + 12 * 3600_000).toISOString());
    const notice = w.rec.last('reset-link')!;
    assert.equal(notice.to, 'pupil.b@example.org');
    assert.equal(notice.params!.ttlSeconds, 43200);
    assert.ok(notice.secrets!.link.startsWith('http://localhost:3000/realms/demo/reset-password?token='));
    await as('realmAdmin').post(`${R}/users/${w.userB.id}/reset-access`, { method: 'link' }).expect(202);
    const mine = await w.t.dataSource.query(`SELECT "revokedAt" FROM reset_tokens WHERE "userId" = '${w.userB.id}'`);
    assert.equal(mine.length, 2);
    assert.equal(mine.filter((l: { revokedAt: unknown }) => l.revokedAt === null).length, 1, 'only the latest link lives');

    const none = await as('realmAdmin').post(`${R}/users/${w.plain.id}/reset-access`, { method: 'link' });
    assert.equal(none.status, 409);
    assert.equal(none.body.code, 'contact_admin');
    const bad = await as('realmAdmin').post(`${R}/users/${w.plain.id}/reset-access`, { method: 'sms' });
    assert.equal(bad.status, 400);
  });

  it("the admin's reset link works on the recovery reset step, once; the earlier link is dead", async () => {
    const tokens = w.rec.queued.filter((n) => n.notice === 'reset-link' && n.to === 'pupil.b@example.org').map((n) => new URL(n.secrets!.link).searchParams.get('token')!);
    assert.equal(tokens.length, 2);
    const reset = (token: string) => w.t.http().post('/api/v1/realms/demo/recovery/password/reset').send({ token, newPassword: 'pupil b new passphrase', newPasswordConfirm: 'pupil b new passphrase' });
    assert.equal((await reset(tokens[0])).status, 410);
    await reset(tokens[1]).expect(204);
    await loginAs(w.t, 'pupil.b', 'pupil b new passphrase');
    assert.equal((await reset(tokens[1])).status, 410);
  });

  it('ends the reset links already sent when staff replace the e-mail', async () => {
    const u = await as('realmAdmin').post(`${R}/users`, { login: 'mail.swap', password: PASSWORD, email: 'old.box@example.org', emailVerified: true }).expect(201);
    await as('realmAdmin').post(`${R}/users/${u.body.id}/reset-access`, { method: 'link' }).expect(202);
    const token = new URL(w.rec.last('reset-link')!.secrets!.link).searchParams.get('token')!;
    await as('realmAdmin').patch(`${R}/users/${u.body.id}`, { email: 'Old.Box@example.org' }).expect(200);
    const live = await w.t.dataSource.query(`SELECT id FROM reset_tokens WHERE "userId" = '${u.body.id}' AND "revokedAt" IS NULL`);
    assert.equal(live.length, 1, 'the same address in another case is no replacement');
    await as('realmAdmin').patch(`${R}/users/${u.body.id}`, { email: 'new.box@example.org', emailVerified: true }).expect(200);
    const reset = await w.t.http().post('/api/v1/realms/demo/recovery/password/reset').send({ token, newPassword: 'taken over passphrase 7', newPasswordConfirm: 'taken over passphrase 7' });
    assert.equal(reset.status, 410);
    await loginAs(w.t, 'mail.swap', PASSWORD);
  });

  it('lists the access request recovery queued for a user who cannot recover alone', async () => {
    const orphan = await as('adminA').post(`${R}/users`, { login: 'no.contacts', password: 'another long passphrase', email: 'unconfirmed@example.org' }).expect(201);
    await w.t.http().post('/api/v1/realms/demo/recovery/password').send({ login: 'no.contacts', email: 'unconfirmed@example.org' }).expect(202);
    const open = await as('adminA').get(`${R}/access-requests?status=open`).expect(200);
    const mine = open.body.items.find((r: { userId: string }) => r.userId === orphan.body.id);
    assert.ok(mine, JSON.stringify(open.body));
    assert.equal(mine.login, 'no.contacts');
    assert.equal(mine.organizationId, w.orgA);
    assert.equal((await as('adminB').get(`${R}/access-requests`).expect(200)).body.items.some((r: { userId: string }) => r.userId === orphan.body.id), false);
    await as('adminA').post(`${R}/access-requests/${mine.id}/resolve`, { note: 'Phoned the parents' }).expect(204);
    const resolved = (await as('adminA').get(`${R}/access-requests?status=resolved`).expect(200)).body.items.find((r: { id: string }) => r.id === mine.id);
    assert.equal(resolved.note, 'Phoned the parents');
    assert.equal(resolved.resolvedBy, w.adminA.id);
  });

  it('resolves an access request and records its audit event together, or neither', async () => {
    const user = (await w.t.get(UsersService).findById(w.userA.realmId, w.userA.id))!;
    const id = (await w.t.get(AccessRequestsService).open({ realmId: user.realmId, user, reason: 'no_confirmed_contact', defaultLocale: 'en' })).id;
    const audit = w.t.get(AuditService);
    const record = audit.record.bind(audit);
    audit.record = async (input, manager) => {
      if (input.type === 'access_request.resolved') throw new Error('audit store unavailable');
      return record(input, manager);
    };
    try {
      const res = await as('adminA').post(`${R}/access-requests/${id}/resolve`, { note: 'x' });
      assert.equal(res.status, 500);
    } finally {
      audit.record = record;
    }
    const open = (await as('adminA').get(`${R}/access-requests?status=open`).expect(200)).body.items.find((r: { id: string }) => r.id === id);
    assert.ok(open, 'a request whose audit event was not written stays open');
    await as('adminA').post(`${R}/access-requests/${id}/resolve`, { note: 'Handed over' }).expect(204);
    const events = (await as('adminA').get(`${R}/audit?userId=${w.userA.id}&type=access_request.resolved`).expect(200)).body.items;
    assert.equal(events.filter((e: { details: { accessRequestId?: string } }) => e.details.accessRequestId === id).length, 1);
  });

  it('unlocks a locked account and ends sessions on request', async () => {
    await w.t.get(UsersService).update(w.userB.id, { failedLogins: 10, lockedUntil: new Date(w.t.clock.now().getTime() + 900_000) });
    const locked = await as('adminB').get(`${R}/users/${w.userB.id}`).expect(200);
    assert.ok(locked.body.lockedUntil);
    await as('adminB').post(`${R}/users/${w.userB.id}/unlock`).expect(204);
    const unlocked = await as('adminB').get(`${R}/users/${w.userB.id}`).expect(200);
    assert.equal(unlocked.body.lockedUntil, null);

    const s = await loginAs(w.t, 'curator.b', PASSWORD);
    await as('realmAdmin').delete(`${R}/users/${w.adminB.id}/sessions`).expect(204);
    assert.equal((await w.t.http().get('/api/v1/realms/demo/auth/session').set('Authorization', s.auth)).status, 401);
  });

  it('records an audit event for each action, naming the admin, and none holds a secret', async () => {
    const events = await storedAuditEvents(w.t);
    const types = new Set(events.map((e) => e.type));
    for (const type of ['user.created', 'user.updated', 'admin.reset_access', 'account.unlocked', 'session.ended']) assert.ok(types.has(type), type);
    const resets = events.filter((e) => e.type === 'admin.reset_access');
    assert.ok(resets.some((e) => e.actorId === w.adminA.id && e.userId === w.userA.id && JSON.parse(e.details).method === 'temporary-password'));
    const feed = await w.t.http().get(`${R}/audit?userId=${w.userA.id}&type=admin.reset_access`).set('Authorization', w.auth.adminA).expect(200);
    assert.equal(feed.body.items.length, 1);
    assert.equal(feed.body.items[0].actorId, w.adminA.id);
    const all = await w.t.http().get(`${R}/audit`).set('Authorization', w.auth.realmAdmin).expect(200);
    const ats = all.body.items.map((e: { at: string }) => e.at);
    assert.deepEqual(ats, [...ats].sort().reverse(), 'newest first');
    const now = w.t.clock.now().toISOString();
    assert.equal(all.body.items.find((e: { at: string }) => e.at === now).type, 'session.ended', 'the latest action comes first among events of the same instant');

    const dump = JSON.stringify(await w.t.dataSource.query('SELECT * FROM audit_events'));
    const secrets = w.rec.queued.flatMap((n) => Object.values(n.secrets ?? {})).flatMap((s) => [s, new URL(s, 'http://x/').searchParams.get('token') ?? s]);
    const temp = await as('realmAdmin').post(`${R}/users/${w.plain.id}/reset-access`, { method: 'temporary-password' }).expect(200);
    secrets.push(temp.body.temporaryPassword, PASSWORD, '2011-04-01');
    const after = JSON.stringify(await w.t.dataSource.query('SELECT * FROM audit_events'));
    for (const secret of secrets) {
      assert.ok(!dump.includes(secret) && !after.includes(secret), `secret found in audit events: ${secret.slice(0, 4)}…`);
    }
  });
});
