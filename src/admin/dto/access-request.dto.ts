import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { Present } from '../../common/validation/present';
import type { AccessRequestView } from '../../access-requests/access-requests.service';

export class AccessRequestQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'resolved'] })
  @Present() @IsIn(['open', 'resolved'])
  status?: 'open' | 'resolved';
}

export class ResolveAccessRequestDto {
  @ApiPropertyOptional({ maxLength: 2000, example: 'Temporary password handed over in person' })
  @IsOptional() @IsString() @MaxLength(2000)
  note?: string | null;
}

export class AccessRequestDto {
  @ApiProperty() id: string;
  @ApiProperty() userId: string;
  @ApiProperty() login: string;
  @ApiProperty({ nullable: true, type: String }) organizationId: string | null;
  @ApiProperty({ enum: ['no_confirmed_contact', 'cannot_change_password'] }) reason: string;
  @ApiProperty({ enum: ['open', 'resolved'] }) status: 'open' | 'resolved';
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) resolvedAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Id of the admin who resolved it' }) resolvedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;

  static from(r: AccessRequestView): AccessRequestDto {
    return { ...r };
  }
}

export class AccessRequestListDto {
  @ApiProperty({ type: [AccessRequestDto] }) items: AccessRequestDto[];
}
