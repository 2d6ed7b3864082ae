import { Controller, Get, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AdminScope } from '../admin/admin-scope';
import { DomainError } from '../common/errors/domain-error';
import type { AppRequest } from '../common/http/app-request';
import { StrictValidationPipe } from '../common/validation/validation.pipe';
import { requireSession } from '../web/account.controller';
import { CsrfGuard } from '../web/csrf.guard';
import { formFlag, formString } from '../web/form-input';
import { realmHref } from '../web/layout';
import { adminFrame } from '../web/views/admin.view';
import { PageContext, WebContextService } from '../web/web-context';
import { WebExceptionFilter } from '../web/web-exception.filter';
import { formErrorsOf, redirect, sendPage } from '../web/web-response';
import { CreateOidcClientDto } from './dto/oidc-client.dto';
import { OidcClientsService } from './oidc-clients.service';
import { OidcProviderRegistry } from './oidc-provider.registry';
import { OidcClientsView, oidcClientsView } from './views/oidc-clients.view';

const pipe = new StrictValidationPipe();

function lines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** The admin console's applications page (realm_admin): the same service as the REST API. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@UseGuards(CsrfGuard)
@Controller('realms/:realm/admin/oidc-clients')
export class OidcAdminPagesController {
  constructor(
    private readonly context: WebContextService,
    private readonly clients: OidcClientsService,
    private readonly registry: OidcProviderRegistry,
  ) {}

  private async scoped(req: AppRequest, res: Response): Promise<{ ctx: PageContext; scope: AdminScope }> {
    const ctx = await this.context.build(req, res);
    const scope = AdminScope.of(ctx.realm!, requireSession(ctx));
    if (!scope?.isRealmAdmin) throw new DomainError('forbidden');
    return { ctx, scope };
  }

  private async render(res: Response, ctx: PageContext, scope: AdminScope, v: Omit<OidcClientsView, 'issuer' | 'clients' | 'stamp'>, status = 200): Promise<void> {
    const clients = await this.clients.list(scope.realmId);
    const stamp = this.context.formStamp('oidc-client-create', [scope.realmId, ...clients.map((c) => c.clientId)]);
    const body = oidcClientsView(ctx, { ...v, issuer: this.registry.issuerOf(scope.realm.slug), clients, stamp });
    sendPage(res, ctx, status, { title: ctx.t('sso.clients_title'), wide: true, body: adminFrame(ctx, 'oidc-clients', body) });
  }

  @Get()
  async list(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const { ctx, scope } = await this.scoped(req, res);
    await this.render(res, ctx, scope, { deleted: ctx.query.done === 'deleted' });
  }

  @Post()
  async create(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const { ctx, scope } = await this.scoped(req, res);
    const values = {
      name: formString(req.body, 'name', 200),
      redirectUris: formString(req.body, 'redirectUris', 20000),
      postLogoutRedirectUris: formString(req.body, 'postLogoutRedirectUris', 20000),
      public: formFlag(req.body, 'public'),
      firstParty: formFlag(req.body, 'firstParty'),
    };
    // The form carries a stamp of the client list it was shown with: sent again after a client was
    // added (a reload of the answer), it registers nothing and shows no secret.
    const current = await this.clients.list(scope.realmId);
    if (!this.context.verifyFormStamp('oidc-client-create', [scope.realmId, ...current.map((c) => c.clientId)], formString(req.body, 'stamp', 100))) {
      return this.render(res, ctx, scope, { values, errors: { general: [ctx.t('sso.form_stale')] } }, 409);
    }
    try {
      const dto = (await pipe.transform(
        { name: values.name, redirectUris: lines(values.redirectUris), postLogoutRedirectUris: lines(values.postLogoutRedirectUris), public: values.public, firstParty: values.firstParty },
        { type: 'body', metatype: CreateOidcClientDto },
      )) as CreateOidcClientDto;
      const { client, clientSecret } = await this.clients.create({ realmId: scope.realmId, actorId: scope.actorId, ip: req.ip ?? null }, dto);
      // Answered with a page, not a redirect: the secret must not travel in a URL, and is shown once.
      await this.render(res, ctx, scope, { created: { clientId: client.clientId, clientSecret } }, 201);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      await this.render(res, ctx, scope, { values, errors: formErrorsOf(ctx, e) }, e.status);
    }
  }

  @Post(':clientId/delete')
  async remove(@Req() req: AppRequest, @Res() res: Response, @Param('clientId') clientId: string): Promise<void> {
    const { ctx, scope } = await this.scoped(req, res);
    await this.clients.delete({ realmId: scope.realmId, actorId: scope.actorId, ip: req.ip ?? null }, clientId);
    redirect(res, realmHref(ctx, '/admin/oidc-clients?done=deleted'));
  }
}
