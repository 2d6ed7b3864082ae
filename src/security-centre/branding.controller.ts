import { Controller, Delete, Get, HttpCode, Put, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AdminAccess, CurrentScope } from '../admin/admin-access.decorator';
import type { AdminScope } from '../admin/admin-scope';
import { DomainError } from '../common/errors/domain-error';
import type { AppRequest, RequestRealm } from '../common/http/app-request';
import { ClientIp, CurrentRealm } from '../common/http/current.decorators';
import { LOGO_MAX_BYTES, LOGO_TYPES, readRawBody, RealmLogoService } from './realm-logo.service';
import { themeCss } from './theme';

@ApiTags('administration')
@ApiParam({ name: 'realm', example: 'demo' })
@Controller('api/v1/realms/:realm/admin/realm/logo')
export class AdminRealmLogoController {
  constructor(private readonly logos: RealmLogoService) {}

  @Put()
  @HttpCode(204)
  @AdminAccess({ realmAdminOnly: true })
  @ApiOperation({ summary: "Sets the realm's logo (realm_admin): the raw image as the body, PNG, JPEG or WebP, at most 256 KiB" })
  @ApiConsumes(...LOGO_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: 204 })
  @ApiResponse({ status: 400, description: 'validation_failed (not PNG, JPEG or WebP, or the content is not the type named)' })
  @ApiResponse({ status: 413, description: 'payload_too_large (over 256 KiB)' })
  async put(@CurrentScope() scope: AdminScope, @Req() req: AppRequest, @ClientIp() ip: string): Promise<void> {
    const declared = Number(req.headers['content-length']);
    const { data, tooLarge } = await readRawBody(req, LOGO_MAX_BYTES);
    if (tooLarge || declared > LOGO_MAX_BYTES) {
      // The type is still checked first, so a huge text body is a 400 like a small one.
      if (!LOGO_TYPES.some((t) => (req.headers['content-type'] ?? '').toLowerCase().startsWith(t))) throw new DomainError('validation_failed', { fields: [{ field: 'body', message: 'logoType' }] });
      throw new DomainError('payload_too_large');
    }
    await this.logos.put({ realmId: scope.realmId, actorId: scope.actorId, contentType: req.headers['content-type'], data, ip: ip || null });
  }

  @Delete()
  @HttpCode(204)
  @AdminAccess({ realmAdminOnly: true })
  @ApiOperation({ summary: "Removes the realm's logo (realm_admin)" })
  @ApiResponse({ status: 204 })
  async remove(@CurrentScope() scope: AdminScope, @ClientIp() ip: string): Promise<void> {
    await this.logos.remove({ realmId: scope.realmId, actorId: scope.actorId, ip: ip || null });
  }
}

/** What the realm's pages load: the logo and the colour theme (public, cacheable). */
@ApiTags('pages')
@ApiParam({ name: 'realm', example: 'demo' })
@Controller('realms/:realm')
export class RealmBrandingController {
  constructor(private readonly logos: RealmLogoService) {}

  @Get('logo')
  @ApiOperation({ summary: "The realm's logo, with an ETag (304 on If-None-Match) and a long cache lifetime" })
  @ApiProduces(...LOGO_TYPES)
  @ApiResponse({ status: 200, description: 'The image' })
  @ApiResponse({ status: 304, description: 'Not modified (If-None-Match matched)' })
  @ApiResponse({ status: 404, description: 'not_found (the realm has no logo) or realm_not_found' })
  async logo(@CurrentRealm() realm: RequestRealm, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const logo = await this.logos.get(realm.id);
    if (!logo) throw new DomainError('not_found');
    const etag = `"${logo.etag}"`;
    res.setHeader('ETag', etag);
    // Pages link it as ?v=<etag>, so a new logo is a new URL; the plain URL revalidates daily.
    res.setHeader('Cache-Control', req.query.v === logo.etag ? 'public, max-age=31536000, immutable' : 'public, max-age=86400');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (ifNoneMatch(req.headers['if-none-match'], logo.etag)) {
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Type', logo.contentType);
    res.status(200).send(Buffer.from(logo.data, 'base64'));
  }

  @Get('theme.css')
  @ApiOperation({ summary: "The realm's colours as CSS custom properties (the pages' CSP allows no inline style)" })
  @ApiProduces('text/css')
  @ApiResponse({ status: 200, description: 'CSS' })
  theme(@CurrentRealm() realm: RequestRealm, @Req() req: AppRequest, @Res() res: Response): void {
    const { css, etag } = themeCss(realm.settings.branding.primaryColor);
    res.setHeader('ETag', `"${etag}"`);
    res.setHeader('Cache-Control', req.query.v === etag ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
    if (ifNoneMatch(req.headers['if-none-match'], etag)) {
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Type', 'text/css; charset=utf-8');
    res.status(200).send(css);
  }
}

function ifNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const v = t.trim().replace(/^W\//, '');
    return v === '*' || v === `"${etag}"`;
  });
}
