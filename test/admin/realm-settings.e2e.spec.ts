import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PRESETS } from '../../src/realms/realm-settings';
import { AdminWorld, createAdminWorld, storedAuditEvents } from '../helpers/admin-world';

const PATH = '/api/v1/realms/demo/admin/realm';

describe('admin realm settings', () => {
  let w: AdminWorld;
  before(async () => {
    w = await createAdminWorld();
  });
  after(() => w.t.close());

  const get = async () => (await w.t.http().get(PATH).set('Authorization', w.auth.realmAdmin).expect(200)).body;
  const patch = (body: unknown) => w.t.http().patch(PATH).set('Authorization', w.auth.realmAdmin).send(body as object);

  it('answers the effective settings, passwordPolicy extras included', async () => {
    const s = await get();
    assert.deepEqual(s, JSON.parse(JSON.stringify({ ...PRESETS.standard, displayName: 'demo' })));
    assert.equal(s.passwordPolicy.rejectCommon, true);
  });

  it('applies a named preset first, then the other fields; nested objects merge; preset keeps its name', async () => {
    const res = await patch({ preset: 'merchant', smsCodeTtlSeconds: 600, passwordPolicy: { maxLength: 32 }, lockout: { maxFailures: 5 } });
    assert.equal(res.status, 200);
    assert.equal(res.body.preset, 'merchant');
    assert.equal(res.body.disclosure, 'explicit');
    assert.equal(res.body.smsCodeTtlSeconds, 600);
    assert.deepEqual(res.body.passwordPolicy, { ...PRESETS.merchant.passwordPolicy, maxLength: 32 });
    assert.deepEqual(res.body.lockout, { maxFailures: 5, durationSeconds: 900 });
    assert.deepEqual(res.body.defaultPermissions, ['orders.monitoring', 'reports', 'settings']);
    assert.deepEqual(await get(), res.body);
    const later = await patch({ passwordPolicy: { historySize: 5 } });
    assert.equal(later.body.passwordPolicy.maxLength, 32);
    assert.equal(later.body.passwordPolicy.historySize, 5);
    assert.equal(later.body.smsCodeTtlSeconds, 600);
  });

  it('accepts any integer ≥ 1 for durations and counts, and 0 for recoveryCooldownSeconds', async () => {
    const res = await patch({ resetLinkTtlSeconds: 1, sessionTtlSeconds: 86400 * 30, recoveryCooldownSeconds: 0, smsCodeMaxAttempts: 1 });
    assert.equal(res.status, 200);
    assert.equal(res.body.recoveryCooldownSeconds, 0);
    assert.equal(res.body.resetLinkTtlSeconds, 1);
  });

  it('refuses bad values with 400 validation_failed naming the field, and changes nothing', async () => {
    const before = await get();
    const events = (await storedAuditEvents(w.t)).length;
    const cases: Array<[unknown, string]> = [
      [{ passwordPolicy: { minLength: 30, maxLength: 20 } }, 'passwordPolicy.minLength'],
      [{ passwordPolicy: { minLength: 40 } }, 'passwordPolicy.minLength'],
      [{ passwordPolicy: { maxLength: 1025 } }, 'passwordPolicy.maxLength'],
      [{ passwordPolicy: { minLength: 0 } }, 'passwordPolicy.minLength'],
      [{ passwordPolicy: { charset: 'emoji' } }, 'passwordPolicy.charset'],
      [{ passwordPolicy: { extra: true } }, 'passwordPolicy.extra'],
      [{ resetLinkTtlSeconds: 0 }, 'resetLinkTtlSeconds'],
      [{ smsCodeTtlSeconds: 1.5 }, 'smsCodeTtlSeconds'],
      [{ smsCodeMaxAttempts: '5' }, 'smsCodeMaxAttempts'],
      [{ recoveryCooldownSeconds: -1 }, 'recoveryCooldownSeconds'],
      [{ lockout: { durationSeconds: 0 } }, 'lockout.durationSeconds'],
      [{ lockout: 5 }, 'lockout'],
      [{ captcha: null }, 'captcha'],
      [{ preset: 'bank' }, 'preset'],
      [{ disclosure: 'loud' }, 'disclosure'],
      [{ locales: ['ru', 'de'] }, 'locales'],
      [{ locales: [] }, 'locales'],
      [{ locales: ['en'] }, 'defaultLocale'],
      [{ defaultLocale: 'de' }, 'defaultLocale'],
      [{ defaultPermissions: ['Reports'] }, 'defaultPermissions'],
      [{ unknownSetting: 1 }, 'unknownSetting'],
      [{ captcha: true, sessionTtlSeconds: 0 }, 'sessionTtlSeconds'],
    ];
    for (const [body, field] of cases) {
      const res = await patch(body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.code, 'validation_failed');
      assert.ok(res.body.details.fields.some((f: { field: string }) => f.field === field), `${JSON.stringify(body)}: ${JSON.stringify(res.body.details)}`);
    }
    const bad = await w.t.http().patch(PATH).set('Authorization', w.auth.realmAdmin).set('Content-Type', 'application/json').send('[1,2]');
    assert.equal(bad.status, 400);
    assert.deepEqual(await get(), before);
    assert.equal((await storedAuditEvents(w.t)).length, events);
  });

  it('records each change as realm.settings_changed naming the admin and the settings', async () => {
    await patch({ supportContact: 'support@example.org', captcha: true }).expect(200);
    const events = (await storedAuditEvents(w.t)).filter((e) => e.type === 'realm.settings_changed');
    const last = events.at(-1)!;
    assert.equal(last.actorId, (await w.t.http().get('/api/v1/realms/demo/auth/session').set('Authorization', w.auth.realmAdmin)).body.user.id);
    assert.deepEqual(JSON.parse(last.details).settings.sort(), ['captcha', 'supportContact']);
    const feed = await w.t.http().get('/api/v1/realms/demo/admin/audit?type=realm.settings_changed').set('Authorization', w.auth.realmAdmin).expect(200);
    assert.equal(feed.body.items.length, events.length);
    assert.deepEqual(feed.body.items[0].details.settings.sort(), ['captcha', 'supportContact']);
  });

  it('takes effect for the realm at once (the password policy endpoint and sign-in read the same settings)', async () => {
    await patch({ sessionTtlSeconds: 600 }).expect(200);
    const login = await w.t.http().post('/api/v1/realms/demo/auth/login').send({ login: 'plain', password: 'a long enough passphrase 1' }).expect(200);
    assert.equal(login.body.expiresAt, new Date(w.t.clock.now().getTime() + 600_000).toISOString());
  });
});
