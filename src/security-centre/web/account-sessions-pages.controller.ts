import { Controller, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AppRequest } from '../../common/http/app-request';
import { requireSession } from '../../web/account.controller';
import { CsrfGuard } from '../../web/csrf.guard';
import { realmHref } from '../../web/layout';
import { WebContextService } from '../../web/web-context';
import { WebExceptionFilter } from '../../web/web-exception.filter';
import { redirect } from '../../web/web-response';
import { MySessionsService } from '../my-sessions.service';

/** The account page's session buttons (the list itself is rendered with the account page). */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@UseGuards(CsrfGuard)
@Controller('realms/:realm/account/sessions')
export class AccountSessionsPagesController {
  constructor(
    private readonly context: WebContextService,
    private readonly sessions: MySessionsService,
  ) {}

  @Post('end-others')
  async endOthers(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const ctx = await this.context.build(req, res);
    const auth = requireSession(ctx);
    await this.sessions.endOthers(auth, req.ip ?? null);
    redirect(res, realmHref(ctx, '/account?done=sessions_ended#sessions-title'));
  }

  @Post(':id/end')
  async end(@Req() req: AppRequest, @Res() res: Response, @Param('id') id: string): Promise<void> {
    const ctx = await this.context.build(req, res);
    const auth = requireSession(ctx);
    await this.sessions.end(auth, id, req.ip ?? null);
    redirect(res, realmHref(ctx, id === auth.sessionId ? '/sign-in' : '/account?done=session_ended#sessions-title'));
  }
}
