import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig } from '../config/app-config';
import { RealmsService } from '../realms/realms.service';
import { OidcProviderRegistry } from './oidc-provider.registry';

/** Discovery and every `/oidc/…` endpoint of a realm's provider. */
const PROVIDER_PATH = /^\/realms\/([^/]+)(\/\.well-known\/openid-configuration|\/oidc(?:\/.*)?)$/;

type Handler = (req: Request, res: Response) => Promise<void> | void;

/**
 * Hands provider requests to the realm's oidc-provider before any body parser runs (the provider
 * reads its own bodies). URLs it publishes are built from PUBLIC_URL, never from the request's
 * Host or forwarded headers: those are overwritten here before the provider (proxy mode) reads them.
 */
@Injectable()
export class OidcMount {
  private readonly callbacks = new WeakMap<object, Handler>();

  constructor(
    private readonly realms: RealmsService,
    private readonly registry: OidcProviderRegistry,
    private readonly config: AppConfig,
  ) {}

  middleware(): (req: Request, res: Response, next: NextFunction) => void {
    const publicUrl = new URL(this.config.publicUrl);
    return (req, res, next) => {
      const match = PROVIDER_PATH.exec(req.path);
      if (!match) return next();
      void (async () => {
        let slug: string;
        try {
          slug = decodeURIComponent(match[1]);
        } catch {
          return next();
        }
        const realm = await this.realms.findBySlug(slug);
        if (!realm) return next();
        const provider = await this.registry.forRealm(realm);
        let callback = this.callbacks.get(provider);
        if (!callback) {
          callback = provider.callback() as Handler;
          this.callbacks.set(provider, callback);
        }
        req.headers['x-forwarded-host'] = publicUrl.host;
        req.headers['x-forwarded-proto'] = publicUrl.protocol.slice(0, -1);
        delete req.headers['x-forwarded-port'];
        req.url = req.url.slice(`/realms/${match[1]}`.length) || '/';
        await callback(req, res);
      })().catch(next);
    };
  }
}
