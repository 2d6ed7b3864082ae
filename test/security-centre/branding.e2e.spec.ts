import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createUser } from '../helpers/fixtures';
import { solidPng } from '../helpers/images';
import { deliveredMessages } from '../helpers/delivered-messages';
import { AdminWorld, createAdminWorld, storedAuditEvents } from '../helpers/admin-world';
import { createTestApp, TEST_ADMIN, TestApp } from '../helpers/test-app';

const REALM = '/api/v1/realms/demo/admin/realm';
const LOGO = `${REALM}/logo`;

describe('realm branding: displayName, primaryColor, logo', () => {
  let w: AdminWorld;
  let t: TestApp;
  before(async () => {
    w = await createAdminWorld();
    t = w.t;
  });
  after(() => t.close());

  const patch = (body: object) => t.http().patch(REALM).set('Authorization', w.auth.realmAdmin).send(body);

  it('defaults: displayName is the slug, primaryColor #1F4E79', async () => {
    const s = (await t.http().get(REALM).set('Authorization', w.auth.realmAdmin).expect(200)).body;
    assert.equal(s.displayName, 'demo');
    assert.deepEqual(s.branding, { primaryColor: '#1F4E79' });
    assert.equal(s.signInAlerts, false);
  });

  it('refuses colours under 4.5:1 against white, bad formats and bad names with validation_failed; nothing changes', async () => {
    for (const primaryColor of ['#FFFF00', '#777777', 'red', '#1F4E7', '#1F4E79 ', 42, null]) {
      const res = await patch({ branding: { primaryColor } });
      assert.equal(res.status, 400, String(primaryColor));
      assert.equal(res.body.code, 'validation_failed');
      assert.equal(res.body.details.fields[0].field, 'branding.primaryColor');
    }
    for (const displayName of ['', '   ', 'x'.repeat(101), 'line\nbreak', 7]) {
      const res = await patch({ displayName });
      assert.equal(res.status, 400, JSON.stringify(displayName));
      assert.equal(res.body.details.fields[0].field, 'displayName');
    }
    const unknown = await patch({ branding: { primaryColor: '#1F4E79', accent: '#000000' } });
    assert.equal(unknown.status, 400);
    assert.equal((await patch({})).body.branding.primaryColor, '#1F4E79');
  });

  it('takes a dark colour and a name; a preset keeps them; an org_admin may not change them', async () => {
    const res = await patch({ displayName: 'Школа № 5', branding: { primaryColor: '#7A1F5C' } });
    assert.equal(res.status, 200);
    assert.equal(res.body.displayName, 'Школа № 5');
    assert.equal(res.body.branding.primaryColor, '#7A1F5C');
    const preset = await patch({ preset: 'school' });
    assert.equal(preset.body.displayName, 'Школа № 5');
    assert.equal(preset.body.branding.primaryColor, '#7A1F5C');
    const forbidden = await t.http().patch(REALM).set('Authorization', w.auth.adminA).send({ displayName: 'Mine' });
    assert.equal(forbidden.status, 403);
  });

  it('names the realm on pages (header and title) and in e-mails and SMS', async () => {
    const page = await t.http().get('/realms/demo/sign-in').set('Accept-Language', 'en');
    assert.match(page.text, /<title>[^<]*— Школа № 5<\/title>/);
    assert.match(page.text, /class="realm">Школа № 5</);
    const css = page.text.match(/href="(\/realms\/demo\/theme\.css\?v=[0-9a-f]+)"/);
    assert.ok(css, 'links the theme');
    const theme = await t.http().get(css[1]).expect(200);
    assert.match(theme.headers['content-type'], /text\/css/);
    assert.match(theme.text, /--primary: #7A1F5C;/);
    assert.match(theme.headers['cache-control'], /max-age=31536000/);
    assert.doesNotMatch(page.text, /style="/, 'no inline style: the CSP forbids it');

  });

  it('stores a logo (PNG, JPEG, WebP), serves it with a long cache, an ETag and 304, and shows it on the pages', async () => {
    assert.equal((await t.http().get('/realms/demo/logo')).body.code, 'not_found');
    const png = solidPng(8, 8, [200, 30, 90]);
    await t.http().put(LOGO).set('Authorization', w.auth.realmAdmin).set('Content-Type', 'image/png').send(png).expect(204);
    const res = await t.http().get('/realms/demo/logo').buffer(true).parse(binary).expect(200);
    assert.equal(res.headers['content-type'], 'image/png');
    assert.ok(Buffer.compare(res.body as Buffer, png) === 0);
    const etag = res.headers.etag;
    assert.match(etag, /^"[0-9a-f]+"$/);
    const again = await t.http().get('/realms/demo/logo').set('If-None-Match', etag);
    assert.equal(again.status, 304);
    const page = await t.http().get('/realms/demo/sign-in');
    const src = page.text.match(/<img src="(\/realms\/demo\/logo\?v=[0-9a-f]+)"/);
    assert.ok(src, 'the header shows the logo');
    const versioned = await t.http().get(src[1]).expect(200);
    assert.match(versioned.headers['cache-control'], /max-age=31536000, immutable/);

    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)]);
    await t.http().put(LOGO).set('Authorization', w.auth.realmAdmin).set('Content-Type', 'image/jpeg').send(jpeg).expect(204);
    const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.from([40, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.alloc(32, 2)]);
    await t.http().put(LOGO).set('Authorization', w.auth.realmAdmin).set('Content-Type', 'image/webp').send(webp).expect(204);
    const changed = await t.http().get('/realms/demo/logo').set('If-None-Match', etag);
    assert.equal(changed.status, 200, 'a new logo has a new ETag');
    assert.equal(changed.headers['content-type'], 'image/webp');
    const events = (await storedAuditEvents(t)).filter((e) => e.type === 'realm.settings_changed' && e.details.includes('logo'));
    assert.equal(events.length, 3);
  });

  it('refuses bad images: wrong type 400, content not matching its type 400, over 256 KiB 413; org_admin 403', async () => {
    const put = (type: string, body: Buffer | string) => t.http().put(LOGO).set('Authorization', w.auth.realmAdmin).set('Content-Type', type).send(body);
    const cases: Array<[string, Buffer | string, number, string]> = [
      ['image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"/>', 400, 'validation_failed'],
      ['image/gif', Buffer.from('GIF89a....'), 400, 'validation_failed'],
      ['image/png', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6]), 400, 'validation_failed'],
      ['image/jpeg', solidPng(2, 2, [0, 0, 0]), 400, 'validation_failed'],
      ['image/webp', Buffer.from('RIFF0000WAVEfmt '), 400, 'validation_failed'],
      ['image/png', Buffer.alloc(0), 400, 'validation_failed'],
      ['image/png', Buffer.concat([solidPng(2, 2, [0, 0, 0]), Buffer.alloc(256 * 1024)]), 413, 'payload_too_large'],
    ];
    for (const [type, body, status, code] of cases) {
      const res = await put(type, body);
      assert.equal(res.status, status, `${type} ${body.length}`);
      assert.equal(res.body.code, code);
    }
    const missingType = await t.http().put(LOGO).set('Authorization', w.auth.realmAdmin).send(solidPng(2, 2, [0, 0, 0]));
    assert.equal(missingType.status, 400);
    const org = await t.http().put(LOGO).set('Authorization', w.auth.adminA).set('Content-Type', 'image/png').send(solidPng(2, 2, [0, 0, 0]));
    assert.equal(org.status, 403);
    assert.equal((await t.http().put(LOGO).set('Content-Type', 'image/png').send(solidPng(2, 2, [0, 0, 0]))).status, 401);
    assert.equal((await t.http().get('/realms/demo/logo')).headers['content-type'], 'image/webp', 'nothing changed');
  });

  it('removes the logo: 404 not_found afterwards and no image on the pages', async () => {
    await t.http().delete(LOGO).set('Authorization', w.auth.realmAdmin).expect(204);
    const res = await t.http().get('/realms/demo/logo');
    assert.equal(res.status, 404);
    assert.equal(res.body.code, 'not_found');
    assert.doesNotMatch((await t.http().get('/realms/demo/sign-in')).text, /\/logo\?v=/);
    assert.equal((await t.http().get('/realms/nowhere/logo')).body.code, 'realm_not_found');
  });
});

describe('new-sign-in notice as delivered', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { TRUST_PROXY: 'loopback' } });
    await createUser(t, { login: 'nina', password: 'a long enough passphrase 1', email: 'nina@example.org', emailVerified: true, locale: 'en' });
    await createUser(t, { login: 'oleg', password: 'a long enough passphrase 1', phone: '+79533540000', phoneVerified: true, locale: 'ru' });
  });
  after(() => t.close());

  it('names the realm, the time, browser and OS, the IP and the account page', async () => {
    const admin = await t.http().post('/api/v1/realms/demo/auth/login').send({ login: TEST_ADMIN.login, password: TEST_ADMIN.password });
    await t.http().patch(REALM).set('Authorization', `Bearer ${admin.body.accessToken}`).send({ signInAlerts: true, displayName: 'Lyceum 2' }).expect(200);
    const signIn = (ip: string, login = 'nina') => t.http().post('/api/v1/realms/demo/auth/login').set('X-Forwarded-For', ip).set('User-Agent', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15').send({ login, password: 'a long enough passphrase 1' }).expect(200);
    await signIn('198.51.100.4');
    await signIn('203.0.113.9');
    await signIn('198.51.100.4', 'oleg');
    await signIn('203.0.113.9', 'oleg');
    const [mail] = await deliveredMessages(t, { to: 'nina@example.org', notice: 'new-sign-in' });
    assert.ok(mail);
    assert.equal(mail.subject, 'New sign-in to your Lyceum 2 account');
    assert.match(mail.text, /15 January 2026 at 10:00 UTC/);
    assert.match(mail.text, /Safari on macOS/);
    assert.match(mail.text, /203\.0\.113\.9/);
    assert.match(mail.text, /http:\/\/localhost:3000\/realms\/demo\/account/);
    assert.match(mail.text, /Lyceum 2\. This message was sent automatically/, 'signature');
    const [sms] = await deliveredMessages(t, { to: '+79533540000', notice: 'new-sign-in' });
    assert.ok(sms);
    assert.match(sms.text, /^Lyceum 2: новый вход 15 января 2026 г\.? в 10:00 UTC, Safari на macOS, IP 203\.0\.113\.9\. Если это не вы: http/);
  });
});

function binary(res: import('superagent').Response, cb: (err: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
}
