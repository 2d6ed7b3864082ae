import { ApiProperty } from '@nestjs/swagger';
import type { RealmSettings } from '../../realms/realm-settings';
import type { UserEntity } from '../../users/entities/user.entity';
import { mfaEnrollmentRequired } from '../../mfa/mfa-policy';

export class SessionUserDto {
  @ApiProperty() id: string;
  @ApiProperty() login: string;
  @ApiProperty({ nullable: true, type: String }) organizationId: string | null;
  @ApiProperty({ type: [String] }) roles: string[];
  @ApiProperty({ type: [String], description: "The realm's defaultPermissions plus the user's own" }) permissions: string[];
  @ApiProperty({ nullable: true, type: String }) locale: string | null;
  @ApiProperty() mustChangePassword: boolean;
  @ApiProperty({ description: "The realm's MFA policy covers the user, who has no factor yet: the session may only enrol one" }) mfaEnrollmentRequired: boolean;

  static from(user: UserEntity, settings: RealmSettings): SessionUserDto {
    return {
      id: user.id,
      login: user.login,
      organizationId: user.organizationId,
      roles: user.roles,
      permissions: [...new Set([...settings.defaultPermissions, ...user.permissions])],
      locale: user.locale,
      mustChangePassword: user.mustChangePassword,
      mfaEnrollmentRequired: mfaEnrollmentRequired(settings, user),
    };
  }
}

export class LoginResponseDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ type: SessionUserDto }) user: SessionUserDto;
}

export class SessionResponseDto {
  @ApiProperty({ type: SessionUserDto }) user: SessionUserDto;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}
