import { ApiProperty } from '@nestjs/swagger';
import type { SessionEntity } from '../../auth/entities/session.entity';
import { describeDevice } from '../user-agent';

export class MySessionDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'The session this request is made with' }) current: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', description: 'Starts at sign-in; may lag by up to a minute' }) lastSeenAt: string;
  @ApiProperty({ nullable: true, type: String, example: '203.0.113.7' }) ip: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The User-Agent header sent at sign-in (at most 512 characters)' }) userAgent: string | null;
  @ApiProperty({ example: 'Chrome on Windows', description: 'Browser and OS read from userAgent, in the language of the answer' }) device: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;

  static from(s: SessionEntity, currentId: string, locale: string): MySessionDto {
    return {
      id: s.id,
      current: s.id === currentId,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: (s.lastSeenAt ?? s.createdAt).toISOString(),
      ip: s.ip,
      userAgent: s.userAgent,
      device: describeDevice(s.userAgent, locale),
      expiresAt: s.expiresAt.toISOString(),
    };
  }
}

export class MySessionsDto {
  @ApiProperty({ type: [MySessionDto] }) items: MySessionDto[];
}
