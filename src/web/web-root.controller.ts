import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AppRequest } from '../common/http/app-request';
import { AppConfig } from '../config/app-config';
import { RealmsService, toRequestRealm } from '../realms/realms.service';
import { html } from './html';
import { WebContextService } from './web-context';
import { WebExceptionFilter } from './web-exception.filter';
import { redirect, sendPage } from './web-response';
import { realmDisplayName } from '../security-centre/brand-header';

/** `/` and the realm chooser ("Выберите свой регион"). */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller()
export class WebRootController {
  constructor(
    private readonly realms: RealmsService,
    private readonly config: AppConfig,
    private readonly context: WebContextService,
  ) {}

  /** The default realm's sign-in page: DEFAULT_REALM, else the first realm. */
  @Get()
  async root(@Res() res: Response): Promise<void> {
    const slug = this.config.defaultRealm ?? (await this.realms.list())[0]?.slug ?? this.config.bootstrap.realm;
    redirect(res, `/realms/${encodeURIComponent(slug)}/sign-in`);
  }

  @Get('realms')
  async chooser(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const ctx = await this.context.build(req, res);
    const realms = await this.realms.list();
    sendPage(res, ctx, 200, {
      title: ctx.p('choose_realm_title'),
      body: html`<h1>${ctx.p('choose_realm_title')}</h1>
<p>${ctx.p('choose_realm_intro')}</p>
<ul class="choices">
${realms.map((r) => html`<li><a href="/realms/${encodeURIComponent(r.slug)}/sign-in"${r.slug === ctx.query.from ? html` aria-current="true"` : ''}>${realmDisplayName(toRequestRealm(r))}</a></li>`)}
</ul>`,
    });
  }

  @Get('realms/:realm')
  realmHome(@Req() req: AppRequest, @Res() res: Response): void {
    redirect(res, `/realms/${encodeURIComponent(req.realm!.slug)}/sign-in`);
  }
}
