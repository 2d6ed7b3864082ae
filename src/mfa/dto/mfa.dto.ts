import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { Present } from '../../common/validation/present';

const WEBAUTHN_RESPONSE = { type: 'object', additionalProperties: true, description: 'The WebAuthn response JSON as browsers\' PublicKeyCredential.toJSON() gives it' } as const;

export class CodeDto {
  @ApiProperty({ example: '123456' }) @IsString() @MinLength(1) @MaxLength(64) code: string;
}

export class TotpEnrolmentDto {
  @ApiProperty({ description: 'Base32 secret (shown once, while the factor is pending)' }) secret: string;
  @ApiProperty({ example: 'otpauth://totp/Demo:anna?secret=…&issuer=Demo' }) otpauthUrl: string;
}

export class RecoveryCodesDto {
  @ApiProperty({ type: [String], description: 'Shown once; empty when the user already had a factor' }) recoveryCodes: string[];
}

export class PasskeyViewDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastUsedAt: string | null;
}

export class TotpStatusDto {
  @ApiProperty() enabled: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) createdAt: string | null;
}

export class MfaStatusDto {
  @ApiProperty({ type: TotpStatusDto }) totp: TotpStatusDto;
  @ApiProperty({ type: [PasskeyViewDto] }) passkeys: PasskeyViewDto[];
  @ApiProperty() recoveryCodesLeft: number;
  @ApiProperty({ description: "The realm's MFA policy applies to this user" }) required: boolean;
}

export class AddPasskeyDto {
  @ApiProperty(WEBAUTHN_RESPONSE) @IsObject() response: Record<string, unknown>;
  @ApiPropertyOptional({ maxLength: 100 }) @Present() @IsString() @MaxLength(100) name?: string;
}

export class AddedPasskeyDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: [String], description: 'Issued with the first factor only; later empty' }) recoveryCodes: string[];
}

/** `{code}` (a current TOTP) or `{response}` (a passkey assertion). */
export class RegenerateCodesDto {
  @ApiPropertyOptional({ example: '123456' }) @ValidateIf((o: RegenerateCodesDto) => o.response === undefined) @IsString() @MinLength(1) @MaxLength(64) code?: string;
  @ApiPropertyOptional(WEBAUTHN_RESPONSE) @ValidateIf((o: RegenerateCodesDto) => o.code === undefined) @IsObject() response?: Record<string, unknown>;
}

export class MfaTokenDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) mfaToken: string;
}

export class SecondFactorDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) mfaToken: string;
  @ApiProperty({ enum: ['totp', 'recovery_code', 'passkey'] }) @IsIn(['totp', 'recovery_code', 'passkey']) method: 'totp' | 'recovery_code' | 'passkey';
  @ApiPropertyOptional({ description: 'For totp and recovery_code' }) @ValidateIf((o: SecondFactorDto) => o.method !== 'passkey') @IsString() @MinLength(1) @MaxLength(64) code?: string;
  @ApiPropertyOptional({ ...WEBAUTHN_RESPONSE, description: 'For passkey: the assertion for options from /auth/mfa/passkey-options' })
  @ValidateIf((o: SecondFactorDto) => o.method === 'passkey')
  @IsObject()
  response?: Record<string, unknown>;
}

export class PasskeySignInOptionsDto {
  @ApiProperty() challengeId: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'PublicKeyCredentialRequestOptionsJSON (no allowCredentials: discoverable credentials)' }) options: Record<string, unknown>;
}

export class PasskeySignInDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) challengeId: string;
  @ApiProperty(WEBAUTHN_RESPONSE) @IsObject() response: Record<string, unknown>;
}
