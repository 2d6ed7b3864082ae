import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { Present } from '../../common/validation/present';
import { IsAccessibleColor } from '../../security-centre/branding';
import { SUPPORTED_LOCALES } from '../../i18n/i18n';
import { PRESET_NAMES } from '../../realms/realm-settings';
import type { PresetName, RealmSettings } from '../../realms/realm-settings';

/** Largest duration or count a setting takes (keeps every derived date representable). */
export const SETTING_MAX = 2_147_483_647;
export const PERMISSION_PATTERN = /^[a-z][a-z0-9_.-]*$/;
/** Printable text, not blank (no control characters: it goes into e-mail subjects and SMS). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it refuses
export const DISPLAY_NAME_PATTERN = /^(?=.*\S)[^\u0000-\u001f\u007f]+$/;

export class LockoutSettingsDto {
  @ApiProperty({ example: 10 }) maxFailures: number;
  @ApiProperty({ example: 900 }) durationSeconds: number;
}

export class PasswordPolicySettingsDto {
  @ApiProperty({ example: 15 }) minLength: number;
  @ApiProperty({ example: 128 }) maxLength: number;
  @ApiProperty({ enum: ['any', 'latin-alphanumeric'] }) charset: 'any' | 'latin-alphanumeric';
  @ApiProperty() requireLetter: boolean;
  @ApiProperty() requireDigit: boolean;
  @ApiProperty() requireLowercase: boolean;
  @ApiProperty() requireUppercase: boolean;
  @ApiProperty({ example: 3 }) historySize: number;
  @ApiProperty({ description: 'Refuse passwords from common-password dictionaries (too_common)' }) rejectCommon: boolean;
  @ApiProperty({ description: 'Refuse passwords containing the login (contains_login)' }) rejectContainsLogin: boolean;
}

export class BrandingSettingsDto {
  @ApiProperty({ example: '#1F4E79', description: '#RRGGBB; WCAG contrast ≥ 4.5:1 against white' }) primaryColor: string;
}

export class BrandingPatchDto {
  @ApiPropertyOptional({ example: '#1F4E79', pattern: '^#[0-9A-Fa-f]{6}$', description: '#RRGGBB; WCAG contrast ≥ 4.5:1 against white, else 400 validation_failed' })
  @Present() @IsAccessibleColor() primaryColor?: string;
}

export class MfaSettingsDto {
  @ApiProperty({ enum: ['off', 'staff', 'all'], description: 'Who must have a second factor (staff: users with an admin role)' }) required: 'off' | 'staff' | 'all';
}

export class MfaSettingsPatchDto {
  @ApiPropertyOptional({ enum: ['off', 'staff', 'all'] }) @Present() @IsIn(['off', 'staff', 'all']) required?: 'off' | 'staff' | 'all';
}

/** A realm's effective settings. */
export class RealmSettingsDto {
  @ApiProperty({ enum: PRESET_NAMES }) preset: PresetName;
  @ApiProperty({ enum: ['explicit', 'uniform'] }) disclosure: 'explicit' | 'uniform';
  @ApiProperty({ enum: ['login+email', 'login+captcha'] }) forgotPasswordRequires: 'login+email' | 'login+captcha';
  @ApiProperty() captcha: boolean;
  @ApiProperty() smsFallback: boolean;
  @ApiProperty() hiddenPhoneDigits: number;
  @ApiProperty() resetLinkTtlSeconds: number;
  @ApiProperty() smsCodeTtlSeconds: number;
  @ApiProperty() smsCodeMaxAttempts: number;
  @ApiProperty() phoneDigitsMaxAttempts: number;
  @ApiProperty() recoveryCooldownSeconds: number;
  @ApiProperty({ type: LockoutSettingsDto }) lockout: LockoutSettingsDto;
  @ApiProperty({ type: PasswordPolicySettingsDto }) passwordPolicy: PasswordPolicySettingsDto;
  @ApiProperty({ type: [String] }) defaultPermissions: string[];
  @ApiProperty({ type: [String], example: ['ru', 'en'] }) locales: string[];
  @ApiProperty({ example: 'ru' }) defaultLocale: string;
  @ApiProperty({ example: 'support@example.org' }) supportContact: string;
  @ApiProperty() sessionTtlSeconds: number;
  @ApiProperty({ description: 'New-device sign-in alerts (off in every preset)' }) signInAlerts: boolean;
  @ApiProperty({ example: 'Школа № 1', description: 'The realm name on pages, e-mails and SMS (default: the slug)' }) displayName: string;
  @ApiProperty({ type: BrandingSettingsDto }) branding: BrandingSettingsDto;
  @ApiProperty({ type: MfaSettingsDto }) mfa: MfaSettingsDto;

  static from(settings: RealmSettings): RealmSettingsDto {
    return structuredClone(settings) as RealmSettingsDto;
  }
}

const count = (min = 1) => [Present(), IsInt(), Min(min), Max(SETTING_MAX)];
function apply(decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((d) => d(target, key));
}

export class LockoutPatchDto {
  @ApiPropertyOptional({ minimum: 1 }) @apply(count()) maxFailures?: number;
  @ApiPropertyOptional({ minimum: 1 }) @apply(count()) durationSeconds?: number;
}

export class PasswordPolicyPatchDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 1024 }) @Present() @IsInt() @Min(1) @Max(1024) minLength?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 1024 }) @Present() @IsInt() @Min(1) @Max(1024) maxLength?: number;
  @ApiPropertyOptional({ enum: ['any', 'latin-alphanumeric'] }) @Present() @IsIn(['any', 'latin-alphanumeric']) charset?: 'any' | 'latin-alphanumeric';
  @ApiPropertyOptional() @Present() @IsBoolean() requireLetter?: boolean;
  @ApiPropertyOptional() @Present() @IsBoolean() requireDigit?: boolean;
  @ApiPropertyOptional() @Present() @IsBoolean() requireLowercase?: boolean;
  @ApiPropertyOptional() @Present() @IsBoolean() requireUppercase?: boolean;
  @ApiPropertyOptional({ minimum: 1 }) @apply(count()) historySize?: number;
  @ApiPropertyOptional() @Present() @IsBoolean() rejectCommon?: boolean;
  @ApiPropertyOptional() @Present() @IsBoolean() rejectContainsLogin?: boolean;
}

/**
 * PATCH /admin/realm: a named preset applies first, other fields override it, nested objects
 * merge. Cross-field rules (minLength ≤ maxLength, defaultLocale among locales) are checked on
 * the merged result.
 */
export class RealmSettingsPatchDto {
  @ApiPropertyOptional({ enum: PRESET_NAMES }) @Present() @IsIn(PRESET_NAMES) preset?: PresetName;
  @ApiPropertyOptional({ enum: ['explicit', 'uniform'] }) @Present() @IsIn(['explicit', 'uniform']) disclosure?: 'explicit' | 'uniform';
  @ApiPropertyOptional({ enum: ['login+email', 'login+captcha'] }) @Present() @IsIn(['login+email', 'login+captcha']) forgotPasswordRequires?: 'login+email' | 'login+captcha';
  @ApiPropertyOptional() @Present() @IsBoolean() captcha?: boolean;
  @ApiPropertyOptional() @Present() @IsBoolean() smsFallback?: boolean;
  @ApiPropertyOptional({ minimum: 1, maximum: 15 }) @Present() @IsInt() @Min(1) @Max(15) hiddenPhoneDigits?: number;
  @ApiPropertyOptional({ minimum: 1 }) @apply(count()) resetLinkTtlSeconds?: number;
  @ApiPropertyOptional({ minimum: 1 }) @apply(count()) smsCodeTtlSeconds?: number;
  @ApiPropertyOptional({ minimum: 1 }) @apply(count()) smsCodeMaxAttempts?: number;
  @ApiPropertyOptional({ minimum: 1 }) @apply(count()) phoneDigitsMaxAttempts?: number;
  @ApiPropertyOptional({ minimum: 0 }) @apply(count(0)) recoveryCooldownSeconds?: number;
  @ApiPropertyOptional({ type: LockoutPatchDto }) @Present() @IsObject() @ValidateNested() @Type(() => LockoutPatchDto) lockout?: LockoutPatchDto;
  @ApiPropertyOptional({ type: PasswordPolicyPatchDto }) @Present() @IsObject() @ValidateNested() @Type(() => PasswordPolicyPatchDto) passwordPolicy?: PasswordPolicyPatchDto;
  @ApiPropertyOptional({ type: [String], example: ['reports'] })
  @Present() @IsArray() @ArrayMaxSize(100) @ArrayUnique() @IsString({ each: true }) @MaxLength(100, { each: true }) @Matches(PERMISSION_PATTERN, { each: true })
  defaultPermissions?: string[];
  @ApiPropertyOptional({ type: [String], example: ['ru', 'en'] })
  @Present() @IsArray() @ArrayNotEmpty() @ArrayUnique() @IsIn(SUPPORTED_LOCALES, { each: true })
  locales?: string[];
  @ApiPropertyOptional({ enum: SUPPORTED_LOCALES }) @Present() @IsIn(SUPPORTED_LOCALES) defaultLocale?: string;
  @ApiPropertyOptional({ maxLength: 500 }) @Present() @IsString() @MaxLength(500) supportContact?: string;
  @ApiPropertyOptional({ minimum: 1 }) @apply(count()) sessionTtlSeconds?: number;
  @ApiPropertyOptional() @Present() @IsBoolean() signInAlerts?: boolean;
  @ApiPropertyOptional({ minLength: 1, maxLength: 100 }) @Present() @IsString() @MinLength(1) @MaxLength(100) @Matches(DISPLAY_NAME_PATTERN) displayName?: string;
  @ApiPropertyOptional({ type: BrandingPatchDto }) @Present() @IsObject() @ValidateNested() @Type(() => BrandingPatchDto) branding?: BrandingPatchDto;
  @ApiPropertyOptional({ type: MfaSettingsPatchDto }) @Present() @IsObject() @ValidateNested() @Type(() => MfaSettingsPatchDto) mfa?: MfaSettingsPatchDto;
}
