import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as client from 'openid-client';
import { createUser, loginAs, patchRealm } from '../helpers/fixtures';
import { enrolTotp, totpNow } from '../helpers/mfa';
import { authorizationRequest, CALLBACK, CookieBrowser, csrfOf, discover, OidcHarness, registerClient, RegisteredClient, startOidcApp } from './oidc-harness';

const PASSWORD = 'a long enough passphrase 1';

describe('single sign-on: authorization code with PKCE through the hosted pages', () => {
  let h: OidcHarness;
  let firstParty: RegisteredClient;
  let thirdParty: RegisteredClient;
  let userId: string;
  before(async () => {
    h = await startOidcApp();
    const user = await createUser(h.t, { login: 'anna', password: PASSWORD, email: 'anna@example.org', emailVerified: true, phone: '+79533540000', phoneVerified: false, locale: 'en', roles: [] });
    userId = user.id;
    firstParty = await registerClient(h, { name: 'Diary', redirectUris: [CALLBACK], postLogoutRedirectUris: ['http://127.0.0.1:5999/bye'], firstParty: true });
    thirdParty = await registerClient(h, { name: 'Canteen payments', redirectUris: [CALLBACK] });
  });
  after(() => h?.close());

  it('publishes discovery at {issuer}/.well-known/openid-configuration with the endpoints under the realm', async () => {
    const res = await fetch(`${h.issuer}/.well-known/openid-configuration`);
    assert.equal(res.status, 200);
    const d = (await res.json()) as Record<string, unknown>;
    assert.equal(d.issuer, h.issuer);
    assert.equal(d.authorization_endpoint, `${h.issuer}/oidc/auth`);
    assert.equal(d.token_endpoint, `${h.issuer}/oidc/token`);
    assert.equal(d.userinfo_endpoint, `${h.issuer}/oidc/userinfo`);
    assert.equal(d.jwks_uri, `${h.issuer}/oidc/jwks`);
    assert.equal(d.end_session_endpoint, `${h.issuer}/oidc/logout`);
    assert.equal(d.revocation_endpoint, `${h.issuer}/oidc/revoke`);
    assert.deepEqual(d.code_challenge_methods_supported, ['S256']);
    assert.ok((d.token_endpoint_auth_methods_supported as string[]).includes('client_secret_basic'));
    assert.ok((d.token_endpoint_auth_methods_supported as string[]).includes('client_secret_post'));
    assert.deepEqual([...(d.scopes_supported as string[])].sort(), ['email', 'offline_access', 'openid', 'phone', 'profile', 'roles']);
    assert.ok((d.id_token_signing_alg_values_supported as string[]).includes('RS256'));
    const jwks = (await (await fetch(d.jwks_uri as string)).json()) as { keys: Array<Record<string, unknown>> };
    assert.ok(jwks.keys.length >= 1);
    assert.ok(jwks.keys.every((k) => k.kty === 'RSA' && !('d' in k)), 'only public keys are published');
    // Discovery for an unknown realm is not invented.
    assert.equal((await fetch(`${h.baseUrl}/realms/nowhere/.well-known/openid-configuration`)).status, 404);
  });

  it('signs in on the realm page, returns a code, and gives the ID token and userinfo claims of the scopes asked', async () => {
    const config = await discover(h.issuer, firstParty);
    const browser = new CookieBrowser(h.baseUrl);
    const req = await authorizationRequest(config, { scope: 'openid profile email' });
    const start = await browser.follow(req.url.href);
    assert.match(start.url, /\/realms\/demo\/sign-in$/, 'the authorization goes to the hosted sign-in page');
    assert.equal(start.res.status, 200);
    const done = await browser.signIn('demo', 'anna', PASSWORD);
    assert.ok(done.url.startsWith(CALLBACK), `back at the relying party (${done.url})`);
    const tokens = await client.authorizationCodeGrant(config, new URL(done.url), { pkceCodeVerifier: req.codeVerifier, expectedState: req.state });
    const claims = tokens.claims()!;
    assert.equal(claims.sub, userId);
    assert.equal(claims.iss, h.issuer);
    assert.equal(claims.preferred_username, 'anna');
    assert.equal(claims.email, 'anna@example.org');
    assert.equal(claims.email_verified, true);
    assert.equal(claims.phone_number, undefined, 'phone was not asked');
    assert.equal(claims.roles, undefined, 'roles were not asked');
    const info = await client.fetchUserInfo(config, tokens.access_token, userId);
    assert.equal(info.preferred_username, 'anna');
    assert.equal(info.locale, 'en');
    assert.equal(info.email, 'anna@example.org');
    assert.equal(info.phone_number, undefined);
    assert.equal(tokens.refresh_token, undefined, 'no refresh token without offline_access');

    // The same browser again, other scopes: the session is reused, no sign-in page.
    const again = await authorizationRequest(config, { scope: 'openid phone roles' });
    const second = await browser.follow(again.url.href);
    assert.ok(second.url.startsWith(CALLBACK), `an existing session is reused (${second.url})`);
    const t2 = await client.authorizationCodeGrant(config, new URL(second.url), { pkceCodeVerifier: again.codeVerifier, expectedState: again.state });
    const c2 = t2.claims()!;
    assert.equal(c2.phone_number, '+79533540000');
    assert.equal(c2.phone_number_verified, false);
    assert.deepEqual(c2.roles, []);
    assert.equal(c2.organization_id, null);
    assert.equal(c2.email, undefined);
  });

  it('asks consent for a client that is not first-party, naming it and the scopes; remembers it; a refusal is access_denied', async () => {
    const config = await discover(h.issuer, thirdParty);
    const browser = new CookieBrowser(h.baseUrl);
    await browser.signIn('demo', 'anna', PASSWORD);
    const req = await authorizationRequest(config, { scope: 'openid email' });
    const page = await browser.follow(req.url.href);
    assert.match(page.url, /\/realms\/demo\/sso\/interaction\/[^/]+$/);
    const html = await page.res.text();
    assert.match(html, /Canteen payments/);
    assert.match(html, /your e-mail address/);
    assert.doesNotMatch(html, /your phone number/);
    const done = await browser.follow(`${page.url}/consent`, { form: { _csrf: csrfOf(html), decision: 'allow' } });
    assert.ok(done.url.startsWith(CALLBACK), done.url);
    await client.authorizationCodeGrant(config, new URL(done.url), { pkceCodeVerifier: req.codeVerifier, expectedState: req.state });

    const again = await authorizationRequest(config, { scope: 'openid email' });
    const skipped = await browser.follow(again.url.href);
    assert.ok(skipped.url.startsWith(CALLBACK), 'consent given once is not asked again');

    const more = await authorizationRequest(config, { scope: 'openid phone' });
    const asked = await browser.follow(more.url.href);
    const moreHtml = await asked.res.text();
    assert.match(moreHtml, /your phone number/);
    const refused = await browser.follow(`${asked.url}/consent`, { form: { _csrf: csrfOf(moreHtml), decision: 'deny' } });
    const cb = new URL(refused.url);
    assert.equal(cb.searchParams.get('error'), 'access_denied');
  });

  it('consent without a valid CSRF token is refused', async () => {
    const config = await discover(h.issuer, thirdParty);
    const browser = new CookieBrowser(h.baseUrl);
    await browser.signIn('demo', 'anna', PASSWORD);
    const req = await authorizationRequest(config, { scope: 'openid profile' });
    const page = await browser.follow(req.url.href);
    const res = await browser.request(`${page.url}/consent`, { form: { _csrf: 'forged', decision: 'allow' } });
    assert.equal(res.status, 403);
  });

  it('"Continue" after the required enrolment follows the saved return target only when it is safe, and clears it as it follows it', async () => {
    await createUser(h.t, { login: 'mila', password: PASSWORD, locale: 'en' });
    await patchRealm(h.t, 'demo', { mfa: { required: 'all' } });
    try {
      const browser = new CookieBrowser(h.baseUrl);
      const signedIn = await browser.signIn('demo', 'mila', PASSWORD);
      assert.equal(new URL(signedIn.url).pathname, '/realms/demo/account/security');
      const securityCsrf = csrfOf(await signedIn.res.text());
      browser.cookies.set('return_to', '/realms/demo/sso/interaction/abc_DEF-1');
      const tooEarly = await browser.request('/realms/demo/account/security/continue', { form: { _csrf: securityCsrf } });
      assert.equal(tooEarly.headers.get('location'), '/realms/demo/account/security', 'no way on before a factor is enrolled');
      assert.equal(browser.cookies.has('return_to'), true, 'and the return target is kept for later');
      const started = await browser.request('/realms/demo/account/security/totp', { form: { _csrf: securityCsrf } });
      const pending = await started.text();
      const secret = /id="totp-secret">([A-Z2-7 ]+)</.exec(pending)![1].replace(/ /g, '');
      const confirmed = await browser.request('/realms/demo/account/security/totp/confirm', { form: { _csrf: csrfOf(pending), code: totpNow(h.t, secret) } });
      const codesPage = await confirmed.text();
      assert.equal(confirmed.status, 200);
      assert.match(codesPage, /id="codes-continue"/, 'the recovery codes come with "Continue"');
      const csrf = csrfOf(codesPage);
      const returnCleared = (res: Response) => res.headers.getSetCookie().some((c) => /^return_to=;/.test(c) && /Path=\/realms\/demo\//.test(c));

      assert.equal((await browser.request('/realms/demo/account/security/continue', { form: { _csrf: 'forged' } })).status, 403, 'CSRF-checked');

      // A target outside the realm's paths is ignored, as at sign-in: the account page.
      browser.cookies.set('return_to', encodeURIComponent('https://evil.example/realms/demo/x'));
      const unsafe = await browser.request('/realms/demo/account/security/continue', { form: { _csrf: csrf } });
      assert.equal(unsafe.status, 303, await unsafe.clone().text());
      assert.equal(unsafe.headers.get('location'), '/realms/demo/account');

      // The authorization that sent the user to sign in: followed, and its cookie cleared.
      browser.cookies.set('return_to', '/realms/demo/sso/interaction/abc_DEF-1');
      const safe = await browser.request('/realms/demo/account/security/continue', { form: { _csrf: csrf } });
      assert.equal(safe.headers.get('location'), '/realms/demo/sso/interaction/abc_DEF-1');
      assert.ok(returnCleared(safe), 'the return target is cleared as it is followed');
      assert.equal(browser.cookies.has('return_to'), false);
    } finally {
      await patchRealm(h.t, 'demo', { mfa: { required: 'off' } });
    }
  });

  it('password sign-in, the second-factor step and a signed-in visit to the sign-in page clear the saved return target as they follow it', async () => {
    const target = '/realms/demo/sso/interaction/xyz_RET-2';
    const cleared = (res: Response) => res.headers.getSetCookie().some((c) => /^return_to=;/.test(c) && /Path=\/realms\/demo\//.test(c));

    await createUser(h.t, { login: 'olga', password: PASSWORD, locale: 'en' });
    const browser = new CookieBrowser(h.baseUrl);
    const csrf = csrfOf(await (await browser.request('/realms/demo/sign-in')).text());
    browser.cookies.set('return_to', target);
    const signedIn = await browser.request('/realms/demo/sign-in', { form: { _csrf: csrf, login: 'olga', password: PASSWORD } });
    assert.equal(signedIn.headers.get('location'), target, 'password sign-in follows the return target');
    assert.ok(cleared(signedIn), 'and clears it as it follows it');
    assert.equal(browser.cookies.has('return_to'), false);

    // Where the page script sends a passkey sign-in: the sign-in page, signed in, goes on the same way.
    browser.cookies.set('return_to', target);
    const again = await browser.request('/realms/demo/sign-in');
    assert.equal(again.headers.get('location'), target);
    assert.ok(cleared(again), 'a signed-in visit to the sign-in page clears the target it follows');

    await createUser(h.t, { login: 'petr', password: PASSWORD, locale: 'en' });
    const { secret } = await enrolTotp(h.t, (await loginAs(h.t, 'petr', PASSWORD)).auth);
    const second = new CookieBrowser(h.baseUrl);
    const csrf2 = csrfOf(await (await second.request('/realms/demo/sign-in')).text());
    second.cookies.set('return_to', target);
    const step = await second.request('/realms/demo/sign-in', { form: { _csrf: csrf2, login: 'petr', password: PASSWORD } });
    assert.equal(step.status, 200, 'the second step is asked');
    const stepPage = await step.text();
    const mfaToken = /name="mfaToken" value="([^"]+)"/.exec(stepPage)![1];
    const done = await second.request('/realms/demo/sign-in/mfa', { form: { _csrf: csrfOf(stepPage), mfaToken, method: 'totp', code: totpNow(h.t, secret) } });
    assert.equal(done.headers.get('location'), target, 'the second step follows the return target');
    assert.ok(cleared(done), 'and clears it as it follows it');
    assert.equal(second.cookies.has('return_to'), false);
  });
});
