import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as client from 'openid-client';
import { createUser } from '../helpers/fixtures';
import { authorizationRequest, CALLBACK, CookieBrowser, discover, OidcHarness, registerClient, RegisteredClient, startOidcApp } from './oidc-harness';

const PASSWORD = 'a long enough passphrase 1';

/** Signs `login` in through the pages and returns the relying party's tokens (offline_access asked with prompt=consent). */
async function signInTokens(h: OidcHarness, c: RegisteredClient, login: string, scope = 'openid offline_access', browser = new CookieBrowser(h.baseUrl)) {
  const config = await discover(h.issuer, c);
  const req = await authorizationRequest(config, { scope, prompt: 'consent' });
  await browser.follow(req.url.href);
  const done = await browser.signIn('demo', login, PASSWORD);
  assert.ok(done.url.startsWith(CALLBACK), done.url);
  const tokens = await client.authorizationCodeGrant(config, new URL(done.url), { pkceCodeVerifier: req.codeVerifier, expectedState: req.state });
  return { config, tokens, browser, callback: done.url, req };
}

async function refreshFails(config: client.Configuration, refreshToken: string): Promise<string> {
  try {
    await client.refreshTokenGrant(config, refreshToken);
  } catch (e) {
    return (e as { error?: string }).error ?? String(e);
  }
  throw new Error('refresh unexpectedly worked');
}

describe('single sign-on: tokens, refresh, revocation, logout and refusals', () => {
  let h: OidcHarness;
  let app: RegisteredClient;
  before(async () => {
    h = await startOidcApp();
    for (const login of ['boris', 'vera', 'gleb', 'dana', 'egor', 'zoya', 'ivan']) await createUser(h.t, { login, password: PASSWORD, email: `${login}@example.org`, emailVerified: true });
    app = await registerClient(h, { name: 'Library', redirectUris: [CALLBACK], postLogoutRedirectUris: ['http://127.0.0.1:5999/bye'], firstParty: true });
  });
  after(() => h?.close());

  it('rotates refresh tokens on use; reusing a spent one revokes the grant', async () => {
    const { config, tokens } = await signInTokens(h, app, 'boris');
    assert.ok(tokens.refresh_token, 'offline_access with prompt=consent gives a refresh token');
    const r1 = await client.refreshTokenGrant(config, tokens.refresh_token!);
    assert.ok(r1.refresh_token && r1.refresh_token !== tokens.refresh_token, 'a new refresh token each time');
    assert.equal(await refreshFails(config, tokens.refresh_token!), 'invalid_grant', 'the spent one is refused');
    assert.equal(await refreshFails(config, r1.refresh_token!), 'invalid_grant', 'and its reuse revoked the whole grant');
    await assert.rejects(client.fetchUserInfo(config, r1.access_token, client.skipSubjectCheck), 'access tokens of the grant stop too');
  });

  it('without prompt=consent, offline_access gives no refresh token', async () => {
    const config = await discover(h.issuer, app);
    const browser = new CookieBrowser(h.baseUrl);
    const req = await authorizationRequest(config, { scope: 'openid offline_access' });
    await browser.follow(req.url.href);
    const done = await browser.signIn('demo', 'ivan', PASSWORD);
    const tokens = await client.authorizationCodeGrant(config, new URL(done.url), { pkceCodeVerifier: req.codeVerifier, expectedState: req.state });
    assert.equal(tokens.refresh_token, undefined);
  });

  it('revokes a refresh token and an access token at the revocation endpoint', async () => {
    const { config, tokens } = await signInTokens(h, app, 'vera');
    await client.tokenRevocation(config, tokens.refresh_token!);
    assert.equal(await refreshFails(config, tokens.refresh_token!), 'invalid_grant');
    const other = await signInTokens(h, app, 'vera');
    await client.fetchUserInfo(other.config, other.tokens.access_token, client.skipSubjectCheck);
    await client.tokenRevocation(other.config, other.tokens.access_token);
    await assert.rejects(client.fetchUserInfo(other.config, other.tokens.access_token, client.skipSubjectCheck));
  });

  it('RP-initiated logout: a confirmation page, then back to the registered address, signed out of the realm too', async () => {
    const { config, tokens, browser } = await signInTokens(h, app, 'gleb', 'openid');
    const url = client.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: 'http://127.0.0.1:5999/bye', state: 'st1' });
    const page = await browser.follow(url.href);
    assert.equal(page.res.status, 200);
    const html = await page.res.text();
    assert.match(html, /Yes, sign me out/);
    const form = /<form id="op.logoutForm" method="post" action="([^"]+)"><input type="hidden" name="xsrf" value="([^"]+)"\/><\/form>/.exec(html);
    assert.ok(form, 'the provider form is on the page');
    const out = await browser.follow(form[1], { form: { xsrf: form[2], logout: 'yes' } });
    assert.equal(out.url, 'http://127.0.0.1:5999/bye?state=st1');
    // The realm session ended with it: the account page asks to sign in again.
    const account = await browser.follow('/realms/demo/account');
    assert.match(account.url, /\/sign-in$/);
    // And the next authorization asks for sign-in again.
    const again = await authorizationRequest(config);
    const next = await browser.follow(again.url.href);
    assert.match(next.url, /\/realms\/demo\/sign-in$/);
  });

  it('signing out on the realm page ends the reuse of the single sign-on session', async () => {
    const { config, browser } = await signInTokens(h, app, 'dana', 'openid');
    const account = await (await browser.request('/realms/demo/account')).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(account)![1];
    await browser.follow('/realms/demo/sign-out', { form: { _csrf: csrf } });
    const again = await authorizationRequest(config);
    const next = await browser.follow(again.url.href);
    assert.match(next.url, /\/realms\/demo\/sign-in$/);
  });

  it('a user disabled by an admin, or whose sessions an admin ends, loses refresh and access tokens', async () => {
    const e = await signInTokens(h, app, 'egor');
    const egor = (await h.t.http().get('/api/v1/realms/demo/admin/users?q=egor').set('Authorization', h.adminAuth)).body.items[0];
    assert.equal((await h.t.http().patch(`/api/v1/realms/demo/admin/users/${egor.id}`).set('Authorization', h.adminAuth).send({ disabled: true })).status, 200);
    assert.equal(await refreshFails(e.config, e.tokens.refresh_token!), 'invalid_grant');
    await assert.rejects(client.fetchUserInfo(e.config, e.tokens.access_token, client.skipSubjectCheck));

    const z = await signInTokens(h, app, 'zoya');
    const zoya = (await h.t.http().get('/api/v1/realms/demo/admin/users?q=zoya').set('Authorization', h.adminAuth)).body.items[0];
    assert.equal((await h.t.http().delete(`/api/v1/realms/demo/admin/users/${zoya.id}/sessions`).set('Authorization', h.adminAuth)).status, 204);
    assert.equal(await refreshFails(z.config, z.tokens.refresh_token!), 'invalid_grant');
    await assert.rejects(client.fetchUserInfo(z.config, z.tokens.access_token, client.skipSubjectCheck));
    // Her browser is signed out of the provider as well: the next authorization asks to sign in.
    const again = await authorizationRequest(z.config);
    assert.match((await z.browser.follow(again.url.href)).url, /\/realms\/demo\/sign-in$/);
  });

  it('a password change ends the single sign-on grants of the user', async () => {
    const u = await createUser(h.t, { login: 'pavel', password: PASSWORD });
    const p = await signInTokens(h, app, 'pavel');
    const login = await h.t.http().post('/api/v1/realms/demo/auth/login').send({ login: 'pavel', password: PASSWORD });
    const changed = await h.t
      .http()
      .post('/api/v1/realms/demo/auth/password')
      .set('Authorization', `Bearer ${login.body.accessToken}`)
      .send({ currentPassword: PASSWORD, newPassword: 'another long passphrase 2', newPasswordConfirm: 'another long passphrase 2' });
    assert.equal(changed.status, 204);
    assert.equal(await refreshFails(p.config, p.tokens.refresh_token!), 'invalid_grant');
    assert.ok(u.id);
  });

  it('an admin reset-access (temporary password) ends the single sign-on grants of the user', async () => {
    const u = await createUser(h.t, { login: 'rita', password: PASSWORD });
    const r = await signInTokens(h, app, 'rita');
    const reset = await h.t.http().post(`/api/v1/realms/demo/admin/users/${u.id}/reset-access`).set('Authorization', h.adminAuth).send({ method: 'temporary-password' });
    assert.equal(reset.status, 200);
    assert.equal(await refreshFails(r.config, r.tokens.refresh_token!), 'invalid_grant');
  });

  describe('refusals', () => {
    it('a public client must use PKCE', async () => {
      const pub = await registerClient(h, { name: 'Mobile', redirectUris: [CALLBACK], public: true, firstParty: true });
      assert.equal(pub.clientSecret, null);
      const config = await discover(h.issuer, pub);
      const url = client.buildAuthorizationUrl(config, { redirect_uri: CALLBACK, scope: 'openid', state: 'x' });
      const res = await new CookieBrowser(h.baseUrl).follow(url.href);
      const cb = new URL(res.url);
      assert.equal(cb.origin + cb.pathname, CALLBACK);
      assert.equal(cb.searchParams.get('error'), 'invalid_request');
      assert.match(cb.searchParams.get('error_description') ?? '', /PKCE/);
    });

    it('an unregistered redirect URI gets an error page, never a redirect', async () => {
      const config = await discover(h.issuer, app);
      const req = await authorizationRequest(config, { redirect_uri: 'http://127.0.0.1:5999/elsewhere' });
      const res = await new CookieBrowser(h.baseUrl).request(req.url.href);
      assert.equal(res.status, 400);
      assert.equal(res.headers.get('location'), null);
      assert.match(await res.text(), /redirect_uri/);
    });

    it('a code is redeemed once; a second use fails and revokes what the first gave', async () => {
      const { config, tokens, callback, req } = await signInTokens(h, app, 'boris', 'openid');
      await assert.rejects(
        client.authorizationCodeGrant(config, new URL(callback), { pkceCodeVerifier: req.codeVerifier, expectedState: req.state }),
        (e: { error?: string }) => e.error === 'invalid_grant',
      );
      await assert.rejects(client.fetchUserInfo(config, tokens.access_token, client.skipSubjectCheck));
    });

    it('a wrong client secret is invalid_client', async () => {
      const config = await discover(h.issuer, app);
      const browser = new CookieBrowser(h.baseUrl);
      const req = await authorizationRequest(config);
      await browser.follow(req.url.href);
      const done = await browser.signIn('demo', 'ivan', PASSWORD);
      const wrong = await discover(h.issuer, { clientId: app.clientId, clientSecret: 'not-the-secret' });
      await assert.rejects(
        client.authorizationCodeGrant(wrong, new URL(done.url), { pkceCodeVerifier: req.codeVerifier, expectedState: req.state }),
        (e: { error?: string }) => e.error === 'invalid_client',
      );
    });

    it('a deleted client can no longer authorize, and its tokens stop working', async () => {
      const doomed = await registerClient(h, { name: 'Old LMS', redirectUris: [CALLBACK], firstParty: true });
      const { config, tokens } = await signInTokens(h, doomed, 'vera');
      assert.equal((await h.t.http().delete(`/api/v1/realms/demo/admin/oidc-clients/${doomed.clientId}`).set('Authorization', h.adminAuth)).status, 204);
      assert.equal(await refreshFails(config, tokens.refresh_token!), 'invalid_client');
      await assert.rejects(client.fetchUserInfo(config, tokens.access_token, client.skipSubjectCheck));
      const req = await authorizationRequest(config);
      const res = await new CookieBrowser(h.baseUrl).request(req.url.href);
      assert.equal(res.status, 400);
    });
  });
});
