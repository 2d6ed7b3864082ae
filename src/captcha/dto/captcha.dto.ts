import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export class CaptchaCreatedDto {
  @ApiProperty({ format: 'uuid' }) captchaId: string;
  @ApiProperty({ example: '/api/v1/realms/demo/captcha/0b7c…/image', description: 'GET it for the picture (SVG; ?format=png for PNG)' })
  imageUrl: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class CaptchaImageQueryDto {
  @ApiPropertyOptional({ enum: ['svg', 'png'], default: 'svg' })
  @IsOptional()
  @IsIn(['svg', 'png'])
  format?: 'svg' | 'png';
}
