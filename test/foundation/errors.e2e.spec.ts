import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { CurrentRealm } from '../../src/common/http/current.decorators';
import type { RequestRealm } from '../../src/common/http/app-request';
import { createTestApp, TestApp } from '../helpers/test-app';

class InnerDto {
  @IsInt() count: number;
}
class EchoDto {
  @IsString() @MaxLength(100) name: string;
  @IsOptional() @IsBoolean() flag?: boolean;
  @IsOptional() @ValidateNested() @Type(() => InnerDto) inner?: InnerDto;
}

/** A fixture controller: exercises the real pipe, guard and filter without depending on a feature. */
@Controller('api/v1/realms/:realm/echo')
class EchoController {
  @Post()
  echo(@CurrentRealm() realm: RequestRealm, @Body() body: EchoDto) {
    return { realm: realm.slug, name: body.name };
  }
  @Get('boom')
  boom() {
    throw new Error('database exploded with secret sauce');
  }
}
@Module({ controllers: [EchoController] })
class EchoModule {}

describe('error answers (API.md, Errors)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ extraModules: [EchoModule] });
  });
  after(() => t.close());

  it('answers a malformed JSON body with validation_failed', async () => {
    const res = await t.http().post('/health/live').set('Content-Type', 'application/json').send('{bad');
    assert.equal(res.status, 400);
    assert.deepEqual(res.body, { statusCode: 400, code: 'validation_failed', message: 'Please check the data you entered.', details: { fields: [{ field: 'body', message: 'Malformed JSON.' }] } });
  });

  it('answers a body over 64 KiB with 413 payload_too_large', async () => {
    const res = await t.http().post('/health/live').set('Content-Type', 'application/json').send(JSON.stringify({ name: 'x'.repeat(70 * 1024) }));
    assert.equal(res.status, 413);
    assert.equal(res.body.code, 'payload_too_large');
  });

  it('answers a malformed URL with 400 bad_request and an unknown route with 404 not_found', async () => {
    const bad = await t.http().get('/api/v1/realms/demo/%E0%A4%A');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'bad_request');
    const missing = await t.http().get('/no/such/route');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { statusCode: 404, code: 'not_found', message: 'Not found.' });
  });

  it('localises messages by Accept-Language with q-weights, the code unchanged', async () => {
    const ru = await t.http().get('/no/such/route').set('Accept-Language', 'en;q=0.3, ru;q=0.9');
    assert.equal(ru.body.code, 'not_found');
    assert.equal(ru.body.message, 'Страница не найдена.');
    const star = await t.http().get('/no/such/route').set('Accept-Language', '*');
    assert.equal(star.body.message, 'Not found.');
  });

  it('names every bad field: missing, wrong type, unknown at any depth', async () => {
    const res = await t.http().post('/api/v1/realms/demo/echo').send({ flag: 'yes', extra: 1, inner: { count: 'x', deeper: true } });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'validation_failed');
    const fields = Object.fromEntries(res.body.details.fields.map((f: { field: string; message: string }) => [f.field, f.message]));
    assert.deepEqual(fields, {
      name: 'This field is required.',
      flag: 'Must be true or false.',
      extra: 'Unknown field.',
      'inner.count': 'Must be an integer.',
      'inner.deeper': 'Unknown field.',
    });
  });

  it('refuses NUL characters and prototype keys at any depth with validation_failed', async () => {
    const nul = await t.http().post('/api/v1/realms/demo/echo').send({ name: 'a\u0000b' });
    assert.equal(nul.status, 400);
    assert.deepEqual(nul.body.details.fields, [{ field: 'name', message: 'Wrong format.' }]);
    const proto = await t.http().post('/api/v1/realms/demo/echo').set('Content-Type', 'application/json').send('{"name":"x","__proto__":{"admin":true},"inner":{"count":1,"constructor":{}}}');
    assert.equal(proto.status, 400);
    assert.deepEqual(proto.body.details.fields.map((f: { field: string }) => f.field).sort(), ['__proto__', 'inner.constructor']);
  });

  it('refuses a body that is not a JSON object', async () => {
    for (const body of ['[1,2]', '"text"', 'null']) {
      const res = await t.http().post('/api/v1/realms/demo/echo').set('Content-Type', 'application/json').send(body);
      assert.equal(res.status, 400, body);
      assert.equal(res.body.code, 'validation_failed', body);
    }
  });

  it('accepts a good body, and answers an unknown realm with realm_not_found', async () => {
    const ok = await t.http().post('/api/v1/realms/demo/echo').send({ name: 'Ann' });
    assert.equal(ok.status, 201);
    assert.deepEqual(ok.body, { realm: 'demo', name: 'Ann' });
    const res = await t.http().post('/api/v1/realms/atlantis/echo').send({ name: 'Ann' });
    assert.equal(res.status, 404);
    assert.equal(res.body.code, 'realm_not_found');
  });

  it('answers an unexpected failure with 500, an error id, and no stack or cause', async () => {
    const res = await t.http().get('/api/v1/realms/demo/echo/boom');
    assert.equal(res.status, 500);
    assert.equal(res.body.code, 'internal_error');
    assert.match(res.body.details.errorId, /^[0-9a-f-]{36}$/);
    assert.doesNotMatch(JSON.stringify(res.body), /secret sauce|at /);
  });

  it('sends security headers and a request id', async () => {
    const res = await t.http().get('/health/live');
    assert.match(String(res.headers['content-security-policy']), /default-src 'self'/);
    assert.equal(res.headers['x-frame-options'], 'DENY');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.ok(res.headers['x-request-id']);
    assert.equal(res.headers['x-powered-by'], undefined);
  });
});

