import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as client from 'openid-client';
import { OidcKeysService } from '../../src/oidc/oidc-keys.service';
import { createUser } from '../helpers/fixtures';
import { createTestDatabase } from '../helpers/test-database';
import { authorizationRequest, CALLBACK, CookieBrowser, discover, freePort, registerClient, startOidcApp } from './oidc-harness';

const PASSWORD = 'a long enough passphrase 1';

async function jwksOf(issuer: string): Promise<string[]> {
  const keys = ((await (await fetch(`${issuer}/oidc/jwks`)).json()) as { keys: Array<{ kid: string }> }).keys;
  return keys.map((k) => k.kid);
}

describe('single sign-on across restarts and instances', () => {
  it('keeps its keys, clients and tokens across a restart; a key rotation keeps the previous key published', async () => {
    const db = await createTestDatabase();
    const port = await freePort();
    let h = await startOidcApp({ db, port });
    try {
      const admin = await h.t.http().post('/api/v1/realms/demo/auth/login').send({ login: 'admin', password: 'Admin-Password-2026-long' });
      h.adminAuth = `Bearer ${admin.body.accessToken}`;
      await createUser(h.t, { login: 'anna', password: PASSWORD });
      const app = await registerClient(h, { name: 'Diary', redirectUris: [CALLBACK], firstParty: true });
      const config = await discover(h.issuer, app);
      const req = await authorizationRequest(config, { scope: 'openid offline_access', prompt: 'consent' });
      const browser = new CookieBrowser(h.baseUrl);
      await browser.follow(req.url.href);
      const done = await browser.signIn('demo', 'anna', PASSWORD);
      const tokens = await client.authorizationCodeGrant(config, new URL(done.url), { pkceCodeVerifier: req.codeVerifier, expectedState: req.state });
      const kids = await jwksOf(h.issuer);
      const rows: Array<{ sealed: string }> = await h.t.dataSource.query('SELECT * FROM oidc_keys');
      assert.ok(rows.length >= 2 && rows.every((r) => !r.sealed.includes('"d"')), 'keys are stored sealed');
      await h.close();

      h = await startOidcApp({ db, port });
      assert.deepEqual(await jwksOf(h.issuer), kids, 'the same keys after a restart');
      const config2 = await discover(h.issuer, app);
      const refreshed = await client.refreshTokenGrant(config2, tokens.refresh_token!);
      assert.ok(refreshed.access_token);
      assert.equal(refreshed.claims()?.sub, tokens.claims()?.sub, 'the new ID token verifies with the published keys');

      const rotated = await h.t.get(OidcKeysService).rotate();
      const after = await jwksOf(h.issuer);
      assert.equal(after[0], rotated.signingKeyId, 'the new key is published first');
      assert.ok(after.includes(kids[0]), 'the previous key stays published for tokens it signed');
      const again = await client.refreshTokenGrant(await discover(h.issuer, app), refreshed.refresh_token!);
      const header = JSON.parse(Buffer.from(again.id_token!.split('.')[0], 'base64url').toString()) as { kid: string; alg: string };
      assert.equal(header.kid, rotated.signingKeyId, 'new tokens are signed with the new key');
      assert.equal(header.alg, 'RS256');
    } finally {
      await h.t.app.close();
      await db.drop();
    }
  });

  it('honours at one instance a code issued by another on the same database (PostgreSQL)', { skip: process.env.TEST_DATABASE_URL ? false : 'two app instances share a database only on PostgreSQL (SQLite is one process\'s file); run with TEST_DATABASE_URL' }, async () => {
    const db = await createTestDatabase();
    const a = await startOidcApp({ db });
    const portB = await freePort();
    try {
      const admin = await a.t.http().post('/api/v1/realms/demo/auth/login').send({ login: 'admin', password: 'Admin-Password-2026-long' });
      a.adminAuth = `Bearer ${admin.body.accessToken}`;
      await createUser(a.t, { login: 'anna', password: PASSWORD });
      const app = await registerClient(a, { name: 'Diary', redirectUris: [CALLBACK], firstParty: true });
      // Instance B: same database, its own port; PUBLIC_URL is the one of A (both behind one address).
      const b = await startOidcApp({ db, port: portB, env: { PUBLIC_URL: a.baseUrl } });
      try {
        assert.deepEqual(await jwksOf(`http://127.0.0.1:${portB}/realms/demo`), await jwksOf(a.issuer), 'both instances publish the same keys');
        const configA = await discover(a.issuer, app);
        const req = await authorizationRequest(configA, { scope: 'openid offline_access', prompt: 'consent' });
        const browser = new CookieBrowser(a.baseUrl);
        await browser.follow(req.url.href);
        const done = await browser.signIn('demo', 'anna', PASSWORD);
        // The relying party talks to instance B for the token (same issuer, another instance).
        const configB = await client.discovery(new URL(a.issuer), app.clientId, app.clientSecret!, undefined, {
          execute: [client.allowInsecureRequests],
          [client.customFetch]: (url: string, options: RequestInit) => fetch(url.replace(a.baseUrl, `http://127.0.0.1:${portB}`), options),
        });
        const tokens = await client.authorizationCodeGrant(configB, new URL(done.url), { pkceCodeVerifier: req.codeVerifier, expectedState: req.state });
        assert.ok(tokens.claims()?.sub);
        const refreshed = await client.refreshTokenGrant(configA, tokens.refresh_token!);
        assert.ok(refreshed.access_token, 'a refresh token from B works at A');
      } finally {
        await b.t.app.close();
      }
    } finally {
      await a.t.app.close();
      await db.drop();
    }
  });
});
