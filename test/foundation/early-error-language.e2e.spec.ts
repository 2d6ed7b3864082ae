import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRealm } from '../helpers/fixtures';
import { createTestApp, TestApp } from '../helpers/test-app';

/** Errors raised before the realm is resolved (body parser) still speak the realm's language. */
describe('language of errors raised before the realm is resolved', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await createRealm(t, 'ru-shop', 'merchant', { defaultLocale: 'ru' });
  });
  after(() => t.close());

  const login = (realm: string) => t.http().post(`/api/v1/realms/${realm}/auth/login`).set('Content-Type', 'application/json');

  it('answers a malformed JSON body in the realm default language when no Accept-Language is sent', async () => {
    const res = await login('ru-shop').send('{"login": ');
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'validation_failed');
    assert.match(res.body.message, /[а-яё]/i, res.body.message);
    assert.equal(res.body.details.fields[0].field, 'body');
    assert.match(res.body.details.fields[0].message, /[а-яё]/i);
  });

  it('answers an oversized body in the realm default language', async () => {
    const big = JSON.stringify({ login: 'x'.repeat(70 * 1024), password: 'y' });
    const res = await login('ru-shop').send(big);
    assert.equal(res.status, 413);
    assert.equal(res.body.code, 'payload_too_large');
    assert.match(res.body.message, /[а-яё]/i, res.body.message);
  });

  it('still honours Accept-Language, and uses English for a realm whose default is English', async () => {
    const asked = await login('ru-shop').set('Accept-Language', 'en').send('{"login": ');
    assert.doesNotMatch(asked.body.message, /[а-яё]/i);
    const demo = await login('demo').send('{"login": ');
    assert.doesNotMatch(demo.body.message, /[а-яё]/i);
    const unknown = await login('no-such-realm').send('{"login": ');
    assert.equal(unknown.status, 400);
  });
});
