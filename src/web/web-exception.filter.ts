import { randomUUID } from 'node:crypto';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError } from '../common/errors/domain-error';
import type { AppRequest } from '../common/http/app-request';
import { AppLogger } from '../common/logging/app-logger';
import { isDatabaseUnavailable } from '../database/database-unavailable';
import { html } from './html';
import { realmHref } from './layout';
import { sendUnavailablePage } from './unavailable-page';
import { WebContextService } from './web-context';
import { CsrfError, redirect, sendPage } from './web-response';

/**
 * Errors of the web pages become HTML pages, never the API's JSON: a missing session goes to
 * the sign-in page, a pending forced change to the password page, the rest is an error page
 * with the localized message. Forms catch their own DomainErrors and re-render themselves.
 */
@Catch()
export class WebExceptionFilter implements ExceptionFilter {
  constructor(
    private readonly context: WebContextService,
    private readonly logger: AppLogger,
  ) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const req = host.switchToHttp().getRequest<AppRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    if (isDatabaseUnavailable(exception)) {
      this.logger.pino.warn({ reqId: req.id }, 'database unavailable');
      return sendUnavailablePage(req, res);
    }
    try {
      await this.render(exception, req, res);
    } catch (e) {
      if (isDatabaseUnavailable(e)) return sendUnavailablePage(req, res);
      this.logger.pino.error({ reqId: req.id, err: e }, 'web error page failed');
      if (!res.headersSent) res.status(500).type('text/plain').send('Internal server error');
    }
  }

  private async render(exception: unknown, req: AppRequest, res: Response): Promise<void> {
    const ctx = await this.context.build(req, res);
    if (exception instanceof DomainError && ctx.realm) {
      if (exception.code === 'unauthenticated') return redirect(res, realmHref(ctx, '/sign-in'));
      if (exception.code === 'password_change_required') return redirect(res, realmHref(ctx, '/account/password'));
      if (exception.code === 'mfa_enrollment_required') return redirect(res, realmHref(ctx, '/account/security'));
    }
    let status: number;
    let message: string;
    let reload = false;
    if (exception instanceof CsrfError) {
      status = 403;
      message = ctx.p('csrf_failed');
      reload = true;
    } else if (exception instanceof DomainError) {
      status = exception.status;
      message = ctx.t(`errors.${exception.code}`, exception.params);
      for (const [name, value] of Object.entries(exception.headers)) res.setHeader(name, value);
    } else if (exception instanceof HttpException && exception.getStatus() < 500) {
      status = exception.getStatus();
      message = ctx.t(status === 404 ? 'errors.not_found' : status === 429 ? 'errors.too_many_requests' : 'errors.bad_request');
      if (status === 429) res.setHeader('Retry-After', String(res.getHeader('Retry-After') ?? 60));
    } else {
      status = 500;
      const errorId = randomUUID();
      this.logger.pino.error({ errorId, reqId: req.id, err: exception }, 'unhandled error on a page');
      message = `${ctx.t('errors.internal_error')} (${errorId})`;
    }
    const home = ctx.realm ? realmHref(ctx, '/sign-in') : '/';
    sendPage(res, ctx, status, {
      title: ctx.p('error_title'),
      body: html`<h1>${ctx.p('error_title')}</h1>
<div class="alert error" role="alert"><p>${message}</p></div>
<p>${reload && req.method === 'POST' ? html`<a href="${req.originalUrl}">${ctx.p('reload_page')}</a>` : html`<a href="${home}">${ctx.p('error_back')}</a>`}</p>`,
    });
  }
}
