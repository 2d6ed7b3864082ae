import { Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RecoveryThrottle } from '../auth/throttle/recovery-throttle.decorator';
import { DomainError } from '../common/errors/domain-error';
import type { RequestRealm } from '../common/http/app-request';
import { CurrentRealm } from '../common/http/current.decorators';
import { CaptchaVerifier } from './captcha-verifier.port';
import { CaptchaCreatedDto, CaptchaImageQueryDto } from './dto/captcha.dto';

@ApiTags('captcha')
@ApiParam({ name: 'realm', example: 'demo' })
@Controller('api/v1/realms/:realm/captcha')
export class CaptchaController {
  constructor(private readonly captcha: CaptchaVerifier) {}

  @RecoveryThrottle()
  @Post()
  @ApiOperation({ summary: 'A new image captcha (digits), single use, short-lived' })
  @ApiResponse({ status: 201, type: CaptchaCreatedDto })
  async create(@CurrentRealm() realm: RequestRealm): Promise<CaptchaCreatedDto> {
    const challenge = await this.captcha.create(realm.id);
    return {
      captchaId: challenge.captchaId,
      imageUrl: `/api/v1/realms/${realm.slug}/captcha/${challenge.captchaId}/image`,
      expiresAt: challenge.expiresAt.toISOString(),
    };
  }

  @RecoveryThrottle()
  @Get(':captchaId/image')
  @ApiOperation({ summary: 'The captcha picture: SVG, or PNG with ?format=png' })
  @ApiParam({ name: 'captchaId', format: 'uuid' })
  @ApiProduces('image/svg+xml', 'image/png')
  @ApiResponse({ status: 200, description: 'The picture' })
  @ApiResponse({ status: 404, description: 'not_found: unknown, spent or expired captcha' })
  async image(@CurrentRealm() realm: RequestRealm, @Param('captchaId') captchaId: string, @Query() query: CaptchaImageQueryDto, @Res() res: Response): Promise<void> {
    const image = await this.captcha.image(realm.id, captchaId, query.format ?? 'svg');
    if (!image) throw new DomainError('not_found');
    res.setHeader('Content-Type', image.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.status(200).end(image.body);
  }
}
