import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsBoolean, IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Present } from '../../common/validation/present';
import { SUPPORTED_LOCALES } from '../../i18n/i18n';
import type { RealmSettings } from '../../realms/realm-settings';
import { IsBirthDate, IsE164Phone } from '../../users/contact-format';
import { ROLES } from '../../users/entities/user.entity';
import type { Role, UserEntity } from '../../users/entities/user.entity';
import { PERMISSION_PATTERN } from './realm-settings.dto';

export const LOGIN_PATTERN = /^[^\s\p{C}]{1,100}$/u;

/** A user as staff see it: contacts and flags, never a hash. */
export class AdminUserDto {
  @ApiProperty() id: string;
  @ApiProperty() login: string;
  @ApiProperty({ nullable: true, type: String }) organizationId: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty() emailVerified: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'E.164' }) phone: string | null;
  @ApiProperty() phoneVerified: boolean;
  @ApiProperty({ nullable: true, type: String, example: '2010-04-01' }) birthDate: string | null;
  @ApiProperty({ nullable: true, type: String }) locale: string | null;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
  @ApiProperty({ type: [String], description: "The user's own grants (the realm's defaultPermissions come on top at sign-in)" }) permissions: string[];
  @ApiProperty({ type: [String], description: "defaultPermissions plus the user's own" }) effectivePermissions: string[];
  @ApiProperty() canChangeOwnPassword: boolean;
  @ApiProperty() disabled: boolean;
  @ApiProperty() mustChangePassword: boolean;
  @ApiProperty({ description: 'False until a password is set (by the user through a link, or by an admin)' }) hasPassword: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When a temporary password stops working' }) passwordExpiresAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Set while the account is locked after failed sign-ins' }) lockedUntil: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(u: UserEntity, settings: RealmSettings, now: Date): AdminUserDto {
    return {
      id: u.id,
      login: u.login,
      organizationId: u.organizationId,
      email: u.email,
      emailVerified: u.emailVerified,
      phone: u.phone,
      phoneVerified: u.phoneVerified,
      birthDate: u.birthDate,
      locale: u.locale,
      roles: u.roles,
      permissions: u.permissions,
      effectivePermissions: [...new Set([...settings.defaultPermissions, ...u.permissions])],
      canChangeOwnPassword: u.canChangeOwnPassword,
      disabled: u.disabled,
      mustChangePassword: u.mustChangePassword,
      hasPassword: u.passwordHash !== null,
      passwordExpiresAt: u.passwordExpiresAt?.toISOString() ?? null,
      lockedUntil: u.lockedUntil && u.lockedUntil > now ? u.lockedUntil.toISOString() : null,
      createdAt: u.createdAt.toISOString(),
      updatedAt: u.updatedAt.toISOString(),
    };
  }
}

export class AdminUserListDto {
  @ApiProperty({ type: [AdminUserDto] }) items: AdminUserDto[];
  @ApiProperty({ description: 'How many users match, over all pages' }) total: number;
}

/** Fields staff may set on a user (create and update alike). */
export class UserFieldsDto {
  @ApiPropertyOptional({ example: 'anna@example.org', nullable: true })
  @IsOptional() @IsString() @MaxLength(254) @IsEmail()
  email?: string | null;

  @ApiPropertyOptional({ description: 'Whether the e-mail is confirmed (default false when the e-mail changes)' })
  @Present() @IsBoolean()
  emailVerified?: boolean;

  @ApiPropertyOptional({ example: '+7 953 354-12-34', nullable: true, description: 'International format; stored as E.164' })
  @IsOptional() @IsString() @IsE164Phone()
  phone?: string | null;

  @ApiPropertyOptional()
  @Present() @IsBoolean()
  phoneVerified?: boolean;

  @ApiPropertyOptional({ example: '2010-04-01', nullable: true })
  @IsOptional() @IsString() @IsBirthDate()
  birthDate?: string | null;

  @ApiPropertyOptional({ enum: SUPPORTED_LOCALES, nullable: true })
  @IsOptional() @IsIn(SUPPORTED_LOCALES)
  locale?: string | null;

  @ApiPropertyOptional({ nullable: true, description: "An organisation of the realm (an org_admin: their own only)" })
  @IsOptional() @IsString() @MaxLength(36)
  organizationId?: string | null;

  @ApiPropertyOptional({ enum: ROLES, isArray: true, example: ['user'] })
  @Present() @IsArray() @ArrayNotEmpty() @ArrayUnique() @IsIn(ROLES, { each: true })
  roles?: Role[];

  @ApiPropertyOptional({ type: [String], example: ['reports'], description: 'Free strings matching ^[a-z][a-z0-9_.-]*$' })
  @Present() @IsArray() @ArrayMaxSize(100) @ArrayUnique() @IsString({ each: true }) @MaxLength(100, { each: true }) @Matches(PERMISSION_PATTERN, { each: true })
  permissions?: string[];

  @ApiPropertyOptional({ description: 'May the user change their own password (and recover it alone)' })
  @Present() @IsBoolean()
  canChangeOwnPassword?: boolean;

  @ApiPropertyOptional({ description: 'A disabled user cannot sign in; disabling ends their sessions' })
  @Present() @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({ description: 'The user must change the password at next sign-in' })
  @Present() @IsBoolean()
  mustChangePassword?: boolean;
}

export class CreateUserDto extends UserFieldsDto {
  @ApiProperty({ example: 'ivanov.ivan', description: 'Unique in the realm, case-insensitively; no spaces' })
  @IsString() @Matches(LOGIN_PATTERN)
  login: string;

  @ApiPropertyOptional({ description: "Checked against the realm's password policy. Without one, a setup link is e-mailed (when there is an e-mail); the user cannot sign in until then." })
  @Present() @IsString() @MaxLength(4096)
  password?: string;
}

export class UpdateUserDto extends UserFieldsDto {}

export class ListUsersQueryDto {
  @ApiPropertyOptional({ description: 'Case-insensitive substring of login, e-mail or phone' })
  @Present() @IsString() @MaxLength(100)
  q?: string;

  @ApiPropertyOptional()
  @Present() @IsString() @MaxLength(36)
  organizationId?: string;

  @ApiPropertyOptional({ example: '1', description: 'From 1' })
  @Present() @Matches(/^[1-9]\d{0,8}$/)
  page?: string;

  @ApiPropertyOptional({ example: '20', description: 'Default 20, at most 100' })
  @Present() @Matches(/^(100|[1-9]\d?)$/)
  pageSize?: string;
}
