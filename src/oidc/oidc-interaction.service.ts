import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AppRequest, RequestAuth } from '../common/http/app-request';
import { OidcClientsService } from './oidc-clients.service';
import { OidcProviderRegistry } from './oidc-provider.registry';

export type InteractionStep =
  | { kind: 'expired' }
  | { kind: 'sign-in'; ttlSeconds: number }
  | { kind: 'consent'; clientName: string; scopes: string[] }
  | { kind: 'done'; returnTo: string };

type Details = Awaited<ReturnType<Awaited<ReturnType<OidcProviderRegistry['forRealm']>>['interactionDetails']>>;

/** Scopes shown on the consent page, in this order. */
const SHOWN_SCOPES = ['openid', 'profile', 'email', 'phone', 'roles', 'offline_access'];

/** One step of an authorization's interaction: sign in (our page), consent, or back to the provider. */
@Injectable()
export class OidcInteractionService {
  constructor(
    private readonly registry: OidcProviderRegistry,
    private readonly clients: OidcClientsService,
  ) {}

  async next(req: AppRequest, res: Response, auth: RequestAuth | undefined): Promise<InteractionStep> {
    const provider = await this.registry.forRealm(req.realm!);
    const details = await this.details(req, res);
    if (!details) return { kind: 'expired' };
    if (details.prompt.name === 'login') {
      if (!auth || auth.user.mustChangePassword) return { kind: 'sign-in', ttlSeconds: Math.max(1, details.exp - Math.floor(Date.now() / 1000)) };
      // The realm's sign-in (password, second factor, …) happened on its own page; reuse it.
      const returnTo = await provider.interactionResult(req as Request, res, { login: { accountId: auth.user.id } }, { mergeWithLastSubmission: false });
      return { kind: 'done', returnTo };
    }
    if (!auth || auth.user.id !== details.session?.accountId) return this.fail(req, res, 'login_required');
    const client = await this.clients.find(req.realm!.id, String(details.params.client_id ?? ''));
    if (!client) return this.fail(req, res, 'invalid_client');
    if (client.firstParty) return this.grant(req, res, details);
    const asked = String(details.params.scope ?? '').split(' ');
    return { kind: 'consent', clientName: client.name, scopes: SHOWN_SCOPES.filter((s) => asked.includes(s)) };
  }

  async consent(req: AppRequest, res: Response, auth: RequestAuth | undefined, allow: boolean): Promise<InteractionStep> {
    const details = await this.details(req, res);
    if (!details || details.prompt.name !== 'consent') return { kind: 'expired' };
    if (!auth || auth.user.id !== details.session?.accountId) return this.fail(req, res, 'login_required');
    if (!allow) return this.fail(req, res, 'access_denied', 'the user refused');
    return this.grant(req, res, details);
  }

  private async grant(req: AppRequest, res: Response, details: Details): Promise<InteractionStep> {
    const provider = await this.registry.forRealm(req.realm!);
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
    const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
    const grant = existing ?? new provider.Grant({ accountId: details.session!.accountId, clientId: String(details.params.client_id) });
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
    const grantId = await grant.save();
    const returnTo = await provider.interactionResult(req as Request, res, { consent: existing ? {} : { grantId } }, { mergeWithLastSubmission: true });
    return { kind: 'done', returnTo };
  }

  private async fail(req: AppRequest, res: Response, error: string, description?: string): Promise<InteractionStep> {
    const provider = await this.registry.forRealm(req.realm!);
    const returnTo = await provider.interactionResult(req as Request, res, { error, ...(description ? { error_description: description } : {}) }, { mergeWithLastSubmission: false });
    return { kind: 'done', returnTo };
  }

  /** The interaction of this browser and path; undefined when unknown, expired, or another one's. */
  private async details(req: AppRequest, res: Response): Promise<Details | undefined> {
    const provider = await this.registry.forRealm(req.realm!);
    try {
      const details = await provider.interactionDetails(req as Request, res);
      return details.uid === req.params.uid ? details : undefined;
    } catch (e) {
      if ((e as { name?: string }).name === 'SessionNotFound') return undefined;
      throw e;
    }
  }
}
