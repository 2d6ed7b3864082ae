import { Injectable } from '@nestjs/common';
import type { Adapter, AdapterPayload, Configuration, KoaContextWithOIDC, Provider as OidcProvider } from 'oidc-provider';
import { SESSION_COOKIE } from '../auth/session-cookie';
import { SessionsService } from '../auth/sessions.service';
import type { RequestRealm } from '../common/http/app-request';
import { AppConfig } from '../config/app-config';
import { UsersService } from '../users/users.service';
import { OidcClientsService } from './oidc-clients.service';
import { OidcKeysService } from './oidc-keys.service';
import { OidcPayloadStore } from './oidc-payload.store';
import { OidcPages } from './oidc-pages';
import { accountClaims, OIDC_CLAIMS, OIDC_SCOPES } from './oidc-claims';

/** Paths of the provider's endpoints under `/realms/{realm}` (clear of the realm's pages). */
export const OIDC_ROUTES = {
  authorization: '/oidc/auth',
  token: '/oidc/token',
  userinfo: '/oidc/userinfo',
  jwks: '/oidc/jwks',
  revocation: '/oidc/revoke',
  end_session: '/oidc/logout',
  introspection: '/oidc/introspect',
  pushed_authorization_request: '/oidc/par',
  registration: '/oidc/register',
  code_verification: '/oidc/device',
  device_authorization: '/oidc/device/auth',
  backchannel_authentication: '/oidc/backchannel',
  challenge: '/oidc/challenge',
  credential: '/oidc/credential',
} as const;

/** Where the provider sends the browser to sign in or consent (our own pages). */
export function interactionPath(realmSlug: string, uid: string): string {
  return `/realms/${encodeURIComponent(realmSlug)}/sso/interaction/${encodeURIComponent(uid)}`;
}

/**
 * One oidc-provider instance per realm, made on first use and cached (the maintainer's advice for
 * multi-tenancy); rebuilt when the shared keys were rotated.
 */
@Injectable()
export class OidcProviderRegistry {
  private readonly providers = new Map<string, { version: string; provider: Promise<OidcProvider> }>();

  constructor(
    private readonly config: AppConfig,
    private readonly keys: OidcKeysService,
    private readonly payloads: OidcPayloadStore,
    private readonly clients: OidcClientsService,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly pages: OidcPages,
  ) {}

  issuerOf(realmSlug: string): string {
    return `${this.config.publicUrl}/realms/${encodeURIComponent(realmSlug)}`;
  }

  async forRealm(realm: RequestRealm): Promise<OidcProvider> {
    const keys = await this.keys.current();
    // The settings it reads are part of the key: a changed session lifetime makes a new provider.
    const cacheKey = `${realm.id}:${realm.slug}:${realm.settings.sessionTtlSeconds}`;
    const cached = this.providers.get(cacheKey);
    if (cached && cached.version === keys.version) return cached.provider;
    const provider = this.build(realm, keys);
    this.providers.set(cacheKey, { version: keys.version, provider });
    provider.catch(() => this.providers.delete(cacheKey));
    return provider;
  }

  private async build(realm: RequestRealm, keys: Awaited<ReturnType<OidcKeysService['current']>>): Promise<OidcProvider> {
    // Loaded by the first realm's provider, not at start: oidc-provider and koa hold ~10 MB that a
    // service without single sign-on clients never needs.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Provider, interactionPolicy } = require('oidc-provider') as typeof import('oidc-provider');
    const realmId = realm.id;
    const slug = realm.slug;
    const { payloads, clients, users, sessions } = this;
    const pages = this.pages;
    const cookiePath = `/realms/${encodeURIComponent(slug)}/`;

    class RealmAdapter implements Adapter {
      constructor(private readonly model: string) {}
      async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
        await payloads.upsert(realmId, this.model, id, payload as Record<string, unknown>, expiresIn);
      }
      async find(id: string): Promise<AdapterPayload | undefined> {
        if (this.model === 'Client') return clientMetadata(id);
        return (await payloads.find(realmId, this.model, id)) as AdapterPayload | undefined;
      }
      async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
        return (await payloads.findBy(realmId, this.model, 'userCode', userCode)) as AdapterPayload | undefined;
      }
      async findByUid(uid: string): Promise<AdapterPayload | undefined> {
        return (await payloads.findBy(realmId, this.model, 'uid', uid)) as AdapterPayload | undefined;
      }
      async consume(id: string): Promise<void> {
        await payloads.consume(realmId, this.model, id);
      }
      async destroy(id: string): Promise<void> {
        await payloads.destroy(realmId, this.model, id);
      }
      async revokeByGrantId(grantId: string): Promise<void> {
        await payloads.revokeByGrantId(realmId, grantId);
      }
    }

    async function clientMetadata(clientId: string): Promise<AdapterPayload | undefined> {
      const client = await clients.find(realmId, clientId);
      if (!client) return undefined;
      return {
        client_id: client.clientId,
        client_name: client.name,
        ...(client.public ? { token_endpoint_auth_method: 'none' } : { client_secret: clients.secretOf(client), token_endpoint_auth_method: 'client_secret_basic' }),
        redirect_uris: client.redirectUris,
        post_logout_redirect_uris: client.postLogoutRedirectUris,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        id_token_signed_response_alg: 'RS256',
      } as AdapterPayload;
    }

    /** The provider's session counts only while the realm's `sid` session of the same user is live. */
    const policy = interactionPolicy.base();
    policy.get('login')!.checks.add(
      new interactionPolicy.Check('sid_session', 'the sign-in session of the realm has ended', async (ctx: KoaContextWithOIDC) => {
        const accountId = ctx.oidc.session?.accountId;
        if (!accountId) return interactionPolicy.Check.NO_NEED_TO_PROMPT; // no_session asks already
        const token = ctx.cookies.get(SESSION_COOKIE, { signed: false });
        const auth = token ? await sessions.validate(token, realmId) : null;
        return auth && auth.user.id === accountId && !auth.user.mustChangePassword ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT;
      }),
    );

    const configuration: Configuration = {
      adapter: (name: string) => new RealmAdapter(name),
      clients: [],
      jwks: { keys: keys.signing as never },
      cookies: {
        keys: keys.cookie,
        long: { httpOnly: true, sameSite: 'lax', path: cookiePath, secure: this.config.secureCookies },
        short: { httpOnly: true, sameSite: 'lax', path: cookiePath, secure: this.config.secureCookies },
      },
      claims: OIDC_CLAIMS,
      scopes: [...OIDC_SCOPES],
      conformIdTokenClaims: false,
      findAccount: async (_ctx, sub) => {
        const user = await users.findById(realmId, sub);
        if (!user || user.disabled) return undefined;
        return { accountId: user.id, claims: async (_use: string, scope: string) => accountClaims(user, scope) };
      },
      features: {
        devInteractions: { enabled: false },
        // A client revokes only tokens issued to it (RFC 7009), which the provider checks itself.
        revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
        userinfo: { enabled: true },
        introspection: { enabled: false },
        rpInitiatedLogout: {
          enabled: true,
          logoutSource: async (ctx, form) => pages.logout(ctx, slug, form),
          postLogoutSuccessSource: async (ctx) => pages.loggedOut(ctx, slug),
        },
      },
      interactions: {
        url: (_ctx, interaction) => interactionPath(slug, interaction.uid),
        policy,
      },
      pkce: { required: (_ctx, client) => client.clientAuthMethod === 'none' },
      routes: OIDC_ROUTES,
      responseTypes: ['code'],
      rotateRefreshToken: () => true,
      clientBasedCORS: (_ctx, origin, client) => (client.redirectUris ?? []).some((u) => new URL(u).origin === origin),
      renderError: async (ctx, out) => pages.error(ctx, slug, out),
      ttl: {
        AccessToken: 3600,
        AuthorizationCode: 60,
        IdToken: 3600,
        Interaction: 3600,
        Grant: 14 * 86400,
        Session: realm.settings.sessionTtlSeconds,
        RefreshToken: 14 * 86400,
      },
    };
    const provider = new Provider(this.issuerOf(slug), configuration);
    // URLs in discovery come from PUBLIC_URL (see OidcMount), which this trusts.
    provider.proxy = true;
    // A confirmed RP-initiated logout ends the realm's own session too (before the answer is sent).
    provider.use(async (ctx, next) => {
      await next();
      if (ctx.status === 404 && !ctx.body) {
        // An unknown path under the provider: the service's error shape, as for any unknown route.
        ctx.status = 404;
        ctx.body = { statusCode: 404, code: 'not_found', message: 'Not found.' };
        return;
      }
      const oidc = (ctx as KoaContextWithOIDC).oidc as KoaContextWithOIDC['oidc'] | undefined;
      if (oidc?.route === 'end_session_confirm' && ctx.status === 303 && oidc.params?.logout) await pages.signedOut(ctx as KoaContextWithOIDC, realmId);
    });
    return provider;
  }
}
