import { createServer as createHttpServer, Server } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import * as client from 'openid-client';
import { FakeClock } from '../fakes/fake-clock';
import { createTestApp, TEST_ADMIN, TestApp, TestAppOptions } from '../helpers/test-app';
import { loginAs } from '../helpers/fixtures';

/** A free TCP port on 127.0.0.1 (so PUBLIC_URL can name the port before the app listens). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface OidcHarness {
  t: TestApp;
  baseUrl: string;
  issuer: string;
  adminAuth: string;
  close(): Promise<void>;
}

/**
 * The app listening on PUBLIC_URL (the issuer must be reachable at the URLs it publishes).
 * `host: 'localhost'` for passkeys: WebAuthn needs a secure context whose rpId is a domain.
 */
export async function startOidcApp(options: TestAppOptions & { port?: number; host?: '127.0.0.1' | 'localhost' } = {}): Promise<OidcHarness> {
  const port = options.port ?? (await freePort());
  const host = options.host ?? '127.0.0.1';
  const baseUrl = `http://${host}:${port}`;
  // Cookies and tokens are judged by the wall clock in the browser and the provider.
  const t = await createTestApp({ clock: new FakeClock(new Date()), ...options, env: { PUBLIC_URL: baseUrl, CAPTCHA_TEST_ANSWER: '12345', ...options.env } });
  await t.app.listen(port, host);
  const adminAuth = options.db ? '' : (await loginAs(t, TEST_ADMIN.login, TEST_ADMIN.password)).auth;
  return { t, baseUrl, issuer: `${baseUrl}/realms/demo`, adminAuth, close: () => t.close() };
}

export interface RegisteredClient {
  clientId: string;
  clientSecret: string | null;
}

export async function registerClient(h: OidcHarness, body: Record<string, unknown>): Promise<RegisteredClient> {
  const res = await h.t.http().post('/api/v1/realms/demo/admin/oidc-clients').set('Authorization', h.adminAuth).send(body);
  if (res.status !== 201) throw new Error(`client registration failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as RegisteredClient;
}

/** openid-client's view of the realm's provider (plain http allowed: tests run on 127.0.0.1). */
export async function discover(issuer: string, c: RegisteredClient): Promise<client.Configuration> {
  return client.discovery(new URL(issuer), c.clientId, c.clientSecret ?? undefined, c.clientSecret ? undefined : client.None(), {
    execute: [client.allowInsecureRequests],
  });
}

/** A tiny browser without JavaScript: a cookie jar and manual redirects (paths ignored on purpose: one flow at a time). */
export class CookieBrowser {
  readonly cookies = new Map<string, string>();

  constructor(private readonly baseUrl: string) {}

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const target = new URL(url, this.baseUrl);
    const headers: Record<string, string> = { 'accept-language': 'en' };
    if (target.origin === new URL(this.baseUrl).origin && this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(target, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a) || /^\s*max-age=0\b/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /** Follows redirects on the app's origin; stops at another origin (the relying party's callback) or a page. */
  async follow(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<{ url: string; res: Response }> {
    let current = new URL(url, this.baseUrl).href;
    let res = await this.request(current, init);
    for (let i = 0; i < 20; i++) {
      let next: string | undefined;
      if (res.status >= 300 && res.status < 400) next = res.headers.get('location')!;
      else if (res.status === 200 && res.headers.get('content-type')?.startsWith('text/html')) {
        // A page that moves on by itself (<meta http-equiv="refresh">), as a browser follows it.
        const text = await res.clone().text();
        const refresh = /<meta http-equiv="refresh" content="0;url=([^"]+)">/.exec(text);
        if (refresh) next = refresh[1].replace(/&amp;/g, '&');
      }
      if (!next) break;
      current = new URL(next, current).href;
      if (new URL(current).origin !== new URL(this.baseUrl).origin) return { url: current, res };
      res = await this.request(current);
    }
    return { url: current, res };
  }

  /** The sign-in page's form, filled and sent; returns where the redirects end. */
  async signIn(realm: string, login: string, password: string): Promise<{ url: string; res: Response }> {
    const page = await (await this.request(`/realms/${realm}/sign-in`)).text();
    return this.follow(`/realms/${realm}/sign-in`, { form: { _csrf: csrfOf(page), login, password } });
  }
}

export function csrfOf(page: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(page);
  if (!m) throw new Error('no CSRF field on the page');
  return m[1];
}

export const CALLBACK = 'http://127.0.0.1:5999/callback';

/** An authorization request with PKCE (S256) and state, as a relying party makes it. */
export async function authorizationRequest(config: client.Configuration, params: Record<string, string> = {}) {
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: CALLBACK,
    scope: 'openid',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    ...params,
  });
  return { url, codeVerifier, state };
}

export { TEST_ADMIN };

/** A relying party started by startRelyingParty. */
export interface RelyingParty {
  server: Server;
  url: string;
  clientId: string;
  /** The ID token claims of every code this party redeemed, oldest first. */
  signIns: client.IDToken[];
}

/**
 * A minimal relying party (like docs/sso.md's example): /login starts the code flow with PKCE,
 * /callback redeems the code and shows who signed in.
 */
export async function startRelyingParty(h: OidcHarness, register: (redirectUri: string, base: string) => Promise<RegisteredClient>): Promise<RelyingParty> {
  const rp: { config?: client.Configuration } = {};
  let redirectUri = '';
  const pending = new Map<string, string>();
  const signIns: client.IDToken[] = [];
  const server = createHttpServer((req, res) => {
    void (async () => {
      const url = new URL(req.url!, redirectUri);
      if (url.pathname === '/login') {
        const verifier = client.randomPKCECodeVerifier();
        const state = client.randomState();
        pending.set(state, verifier);
        const target = client.buildAuthorizationUrl(rp.config!, {
          redirect_uri: redirectUri,
          scope: url.searchParams.get('scope') ?? 'openid profile',
          code_challenge: await client.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
          state,
        });
        res.writeHead(302, { Location: target.href }).end();
        return;
      }
      if (url.pathname === '/bye') {
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('signed out');
        return;
      }
      if (url.pathname === '/callback') {
        const state = url.searchParams.get('state') ?? '';
        if (url.searchParams.get('error')) {
          res.writeHead(200, { 'Content-Type': 'text/plain' }).end(`error: ${url.searchParams.get('error')}`);
          return;
        }
        const tokens = await client.authorizationCodeGrant(rp.config!, url, { pkceCodeVerifier: pending.get(state), expectedState: state });
        const claims = tokens.claims()!;
        signIns.push(claims);
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end(`signed in as ${String(claims.preferred_username)}`);
        return;
      }
      res.writeHead(404).end();
    })().catch((e: unknown) => res.writeHead(500).end(String(e)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  redirectUri = `${base}/callback`;
  const registered = await register(redirectUri, base);
  rp.config = await discover(h.issuer, registered);
  return { server, url: base, clientId: registered.clientId, signIns };
}
