import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { AUDIT_EVENT_TYPES } from '../../audit/audit-event-types';
import type { AuditEventType } from '../../audit/audit-event-types';
import type { AuditEventEntity } from '../../audit/entities/audit-event.entity';
import { Present } from '../../common/validation/present';

export class AuditQueryDto {
  @ApiPropertyOptional({ description: 'Only events about this user' })
  @Present() @IsString() @MaxLength(36)
  userId?: string;

  @ApiPropertyOptional({ enum: AUDIT_EVENT_TYPES })
  @Present() @IsIn(AUDIT_EVENT_TYPES)
  type?: AuditEventType;

  @ApiPropertyOptional({ example: '1', description: 'From 1; 50 events a page' })
  @Present() @Matches(/^[1-9]\d{0,8}$/)
  page?: string;
}

export class AuditEventDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: AUDIT_EVENT_TYPES }) type: string;
  @ApiProperty({ nullable: true, type: String, description: 'Who did it (null: the user themselves, unknown, or the system)' }) actorId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Whom it is about' }) userId: string | null;
  @ApiProperty({ nullable: true, type: String }) ip: string | null;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Never a password, token, code or date of birth' }) details: Record<string, unknown>;

  static from(e: AuditEventEntity): AuditEventDto {
    return { id: e.id, type: e.type, actorId: e.actorId, userId: e.userId, ip: e.ip, at: e.at.toISOString(), details: e.details ?? {} };
  }
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEventDto], description: 'Newest first' }) items: AuditEventDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
