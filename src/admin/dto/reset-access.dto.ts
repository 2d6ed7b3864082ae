import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

export class ResetAccessDto {
  @ApiProperty({ enum: ['link', 'temporary-password'], description: 'link: e-mailed to the confirmed address, valid 12 hours; temporary-password: shown once, valid 72 hours, must be changed at next sign-in' })
  @IsIn(['link', 'temporary-password'])
  method: 'link' | 'temporary-password';
}

export class ResetAccessResponseDto {
  @ApiPropertyOptional({ description: 'Only for temporary-password, and only in this answer' }) temporaryPassword?: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}
