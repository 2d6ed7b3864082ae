import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { SUPPORTED_LOCALES } from '../../i18n/i18n';
import type { RealmSettings } from '../../realms/realm-settings';
import type { UserEntity } from '../../users/entities/user.entity';

/** The signed-in user with their contacts (never a hash). */
export class OwnAccountDto {
  @ApiProperty() id: string;
  @ApiProperty() login: string;
  @ApiProperty({ nullable: true, type: String }) organizationId: string | null;
  @ApiProperty({ type: [String] }) roles: string[];
  @ApiProperty({ type: [String], description: "The realm's defaultPermissions plus the user's own" }) permissions: string[];
  @ApiProperty({ nullable: true, type: String }) locale: string | null;
  @ApiProperty() mustChangePassword: boolean;
  @ApiProperty() canChangeOwnPassword: boolean;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty() emailVerified: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'E.164' }) phone: string | null;
  @ApiProperty() phoneVerified: boolean;
  @ApiProperty({ nullable: true, type: String, example: '2010-04-01' }) birthDate: string | null;

  static from(u: UserEntity, settings: RealmSettings): OwnAccountDto {
    return {
      id: u.id,
      login: u.login,
      organizationId: u.organizationId,
      roles: u.roles,
      permissions: [...new Set([...settings.defaultPermissions, ...u.permissions])],
      locale: u.locale,
      mustChangePassword: u.mustChangePassword,
      canChangeOwnPassword: u.canChangeOwnPassword,
      email: u.email,
      emailVerified: u.emailVerified,
      phone: u.phone,
      phoneVerified: u.phoneVerified,
      birthDate: u.birthDate,
    };
  }
}

export class UpdateOwnAccountDto {
  @ApiProperty({ enum: SUPPORTED_LOCALES, description: 'One of the realm languages' })
  @IsIn(SUPPORTED_LOCALES)
  locale: string;
}
