import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { FLOW_STATES } from '../flow-states';
import { IsBirthDate } from './is-birth-date';

export class ForgotPasswordDto {
  @ApiProperty({ example: 'anna.k' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  login: string;

  @ApiPropertyOptional({ example: 'anna@example.org', description: "Required when the realm's forgotPasswordRequires is login+email" })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ description: "Required when the realm's captcha is on or forgotPasswordRequires is login+captcha" })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  captchaId?: string;

  @ApiPropertyOptional({ example: '21488' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  captchaAnswer?: string;
}

export class FlowStartedDto {
  @ApiProperty({ format: 'uuid' }) flowId: string;
  @ApiProperty({ example: 'На ваш email отправлена ссылка для восстановления пароля' }) message: string;
}

export class ResetTokenDto {
  @ApiProperty({ description: 'The token from the reset link (or from the SMS code step)' })
  @IsString()
  @MaxLength(200)
  token: string;
}

export class ResetTokenInfoDto {
  @ApiProperty() login: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class ResetPasswordDto {
  @ApiProperty()
  @IsString()
  @MaxLength(200)
  token: string;

  @ApiProperty({ description: "Checked against the realm's password policy" })
  @IsString()
  @MaxLength(4096)
  newPassword: string;

  @ApiProperty()
  @IsString()
  @MaxLength(4096)
  newPasswordConfirm: string;
}

export class FlowSmsDto {
  @ApiProperty() available: boolean;
  @ApiProperty({ nullable: true, type: String, example: '7953354****' }) maskedPhone: string | null;
}

export class RecoveryFlowDto {
  @ApiProperty({ format: 'uuid' }) flowId: string;
  @ApiProperty({ enum: ['password', 'login', 'both'] }) kind: string;
  @ApiProperty({ enum: FLOW_STATES }) state: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ type: FlowSmsDto }) sms: FlowSmsDto;
}

export class PhoneDigitsDto {
  @ApiProperty({ example: '1234', description: 'The hidden (last) digits of the masked phone' })
  @IsString()
  @MaxLength(20)
  phoneDigits: string;
}

export class CodeSentDto {
  @ApiProperty({ enum: ['code_sent'] }) state: 'code_sent';
}

export class SmsCodeDto {
  @ApiProperty({ example: '123456' })
  @IsString()
  @MaxLength(20)
  code: string;
}

export class ResetTokenIssuedDto {
  @ApiProperty({ description: 'Usable with POST /recovery/password/reset' }) resetToken: string;
}

export class ForgotLoginDto {
  @ApiPropertyOptional({ example: 'anna@example.org', description: 'E-mail and/or phone' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '+79533541234' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  phone?: string;

  @ApiProperty({ example: '2008-04-17' })
  @IsBirthDate()
  birthDate: string;

  @ApiProperty({ description: 'Always required here' })
  @IsString()
  @MaxLength(100)
  captchaId: string;

  @ApiProperty({ example: '21488' })
  @IsString()
  @MaxLength(100)
  captchaAnswer: string;
}

export class RecoveryMessageDto {
  @ApiProperty() message: string;
}
