import { Controller, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import multer from 'multer';
import { DomainError } from '../../common/errors/domain-error';
import type { AppRequest } from '../../common/http/app-request';
import { realmHref } from '../../web/layout';
import { WebContextService } from '../../web/web-context';
import { WebExceptionFilter } from '../../web/web-exception.filter';
import { CsrfError, redirect } from '../../web/web-response';
import { LOGO_MAX_BYTES, RealmLogoService } from '../realm-logo.service';

const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: LOGO_MAX_BYTES + 1, files: 1, fields: 5, parts: 8 } }).single('logo');

/**
 * The admin settings page's logo forms. The upload is multipart, parsed here before the CSRF
 * token (a field of the same form) is checked; both need a realm_admin session.
 */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('realms/:realm/admin/settings/logo')
export class LogoPagesController {
  constructor(
    private readonly context: WebContextService,
    private readonly logos: RealmLogoService,
  ) {}

  @Post()
  async upload(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const tooLarge = await new Promise<boolean>((resolve, reject) =>
      upload(req, res, (err: unknown) => {
        if (!err) return resolve(false);
        if ((err as { code?: string }).code === 'LIMIT_FILE_SIZE') return resolve(true);
        reject(new DomainError('bad_request'));
      }),
    );
    if (!this.context.verifyCsrf(req)) throw new CsrfError();
    const ctx = await this.context.build(req, res);
    const actorId = this.realmAdmin(ctx.auth?.user);
    const file = (req as AppRequest & { file?: { buffer: Buffer; mimetype: string } }).file;
    if (tooLarge) return redirect(res, realmHref(ctx, '/admin/settings?logo=too_large'));
    if (!file) return redirect(res, realmHref(ctx, '/admin/settings?logo=invalid'));
    try {
      await this.logos.put({ realmId: ctx.realm!.id, actorId, contentType: file.mimetype, data: file.buffer, ip: req.ip ?? null });
      redirect(res, realmHref(ctx, '/admin/settings?logo=saved'));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      redirect(res, realmHref(ctx, `/admin/settings?logo=${e.code === 'payload_too_large' ? 'too_large' : 'invalid'}`));
    }
  }

  @Post('delete')
  async remove(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    if (!this.context.verifyCsrf(req)) throw new CsrfError();
    const ctx = await this.context.build(req, res);
    const actorId = this.realmAdmin(ctx.auth?.user);
    await this.logos.remove({ realmId: ctx.realm!.id, actorId, ip: req.ip ?? null });
    redirect(res, realmHref(ctx, '/admin/settings?logo=removed'));
  }

  private realmAdmin(user: { id: string; roles: string[]; mustChangePassword: boolean } | undefined): string {
    if (!user) throw new DomainError('unauthenticated');
    if (user.mustChangePassword) throw new DomainError('password_change_required');
    if (!user.roles.includes('realm_admin')) throw new DomainError('forbidden');
    return user.id;
  }
}
