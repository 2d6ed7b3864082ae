import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, TestApp } from '../helpers/test-app';

describe('operations endpoints', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('answers liveness and readiness', async () => {
    assert.deepEqual((await t.http().get('/health/live').expect(200)).body, { status: 'ok' });
    assert.deepEqual((await t.http().get('/health/ready').expect(200)).body, { status: 'ok', database: 'ok' });
  });

  it('serves Prometheus metrics with request counts and durations by route', async () => {
    await t.http().get('/health/live');
    const res = await t.http().get('/metrics').expect(200);
    assert.match(res.headers['content-type'], /text\/plain/);
    assert.match(res.text, /http_requests_total\{method="GET",route="\/health\/live",status="200"\} \d+/);
    assert.match(res.text, /http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/health\/live",status="200"\}/);
    assert.match(res.text, /# TYPE notifications_sent_total counter/);
  });

  it('serves the OpenAPI document and the Swagger UI', async () => {
    const doc = await t.http().get('/docs-json').expect(200);
    assert.match(doc.body.openapi, /^3\./);
    assert.ok(doc.body.paths['/health/ready']);
    const ui = await t.http().get('/docs').redirects(1);
    assert.equal(ui.status, 200);
    assert.match(ui.text, /swagger/i);
  });

  it('fails readiness with 503 when the database query fails', async () => {
    const query = t.dataSource.query.bind(t.dataSource);
    t.dataSource.query = () => Promise.reject(new Error('connection refused'));
    try {
      const res = await t.http().get('/health/ready');
      assert.equal(res.status, 503);
      assert.deepEqual(res.body.details, { database: 'unreachable' });
    } finally {
      t.dataSource.query = query;
    }
    assert.equal((await t.http().get('/health/ready')).status, 200);
  });

  it('fails readiness with 503 when the database is unreachable', async () => {
    await t.dataSource.destroy();
    const res = await t.http().get('/health/ready');
    assert.equal(res.status, 503);
    assert.equal(res.body.code, 'service_unavailable');
    assert.equal((await t.http().get('/health/live')).status, 200);
  });
});
