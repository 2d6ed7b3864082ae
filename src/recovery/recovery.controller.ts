import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RecoveryThrottle } from '../auth/throttle/recovery-throttle.decorator';
import type { RequestRealm } from '../common/http/app-request';
import { ClientIp, CurrentRealm } from '../common/http/current.decorators';
import type { Locale } from '../i18n/i18n';
import {
  CodeSentDto,
  FlowStartedDto,
  ForgotLoginDto,
  ForgotPasswordDto,
  PhoneDigitsDto,
  RecoveryFlowDto,
  RecoveryMessageDto,
  ResetTokenDto,
  ResetTokenInfoDto,
  ResetTokenIssuedDto,
  SmsCodeDto,
} from './dto/recovery.dto';
import { loginAnswerMessage, passwordAnswerMessage } from './recovery-messages';
import { RequestLocale } from './request-locale.decorator';
import { CheckResetTokenUseCase } from './use-cases/check-reset-token.use-case';
import { GetRecoveryFlowUseCase } from './use-cases/get-recovery-flow.use-case';
import { RecoverLoginUseCase } from './use-cases/recover-login.use-case';
import { RequestPasswordResetUseCase } from './use-cases/request-password-reset.use-case';
import { SendSmsCodeUseCase } from './use-cases/send-sms-code.use-case';
import { VerifySmsCodeUseCase } from './use-cases/verify-sms-code.use-case';

@ApiTags('recovery')
@ApiParam({ name: 'realm', example: 'demo' })
@Controller('api/v1/realms/:realm/recovery')
export class RecoveryController {
  constructor(
    private readonly requestPasswordReset: RequestPasswordResetUseCase,
    private readonly checkResetToken: CheckResetTokenUseCase,
    private readonly getFlow: GetRecoveryFlowUseCase,
    private readonly sendSmsCode: SendSmsCodeUseCase,
    private readonly verifySmsCode: VerifySmsCodeUseCase,
    private readonly recoverLogin: RecoverLoginUseCase,
  ) {}

  @RecoveryThrottle()
  @Post('password')
  @HttpCode(202)
  @ApiOperation({ summary: 'Forgot password: sends a reset link to the confirmed e-mail (fields per the realm settings)' })
  @ApiResponse({ status: 202, type: FlowStartedDto })
  @ApiResponse({ status: 400, description: 'validation_failed, captcha_invalid' })
  @ApiResponse({ status: 409, description: 'contact_admin (explicit disclosure), details.adminContact' })
  @ApiResponse({ status: 422, description: 'recovery_mismatch (explicit disclosure), details.supportContact' })
  async password(@CurrentRealm() realm: RequestRealm, @Body() body: ForgotPasswordDto, @ClientIp() ip: string, @RequestLocale() locale: Locale): Promise<FlowStartedDto> {
    const result = await this.requestPasswordReset.execute(realm, { ...body, ip });
    return { flowId: result.flowId, message: passwordAnswerMessage(locale, result.answer, realm.settings) };
  }

  @RecoveryThrottle()
  @Post('password/reset/check')
  @HttpCode(200)
  @ApiOperation({ summary: 'Whose password a reset token resets; spends nothing' })
  @ApiResponse({ status: 200, type: ResetTokenInfoDto })
  @ApiResponse({ status: 410, description: 'token_invalid' })
  check(@CurrentRealm() realm: RequestRealm, @Body() body: ResetTokenDto): Promise<ResetTokenInfoDto> {
    return this.checkResetToken.execute(realm, body.token);
  }

  @RecoveryThrottle()
  @Get('flows/:flowId')
  @ApiOperation({ summary: 'A recovery flow: state and the SMS step (masked phone)' })
  @ApiParam({ name: 'flowId', format: 'uuid' })
  @ApiResponse({ status: 200, type: RecoveryFlowDto })
  @ApiResponse({ status: 404, description: 'flow_not_found' })
  @ApiResponse({ status: 410, description: 'flow_expired' })
  flow(@CurrentRealm() realm: RequestRealm, @Param('flowId') flowId: string): Promise<RecoveryFlowDto> {
    return this.getFlow.execute(realm, flowId);
  }

  @RecoveryThrottle()
  @Post('flows/:flowId/sms')
  @HttpCode(202)
  @ApiOperation({ summary: 'SMS fallback: the hidden phone digits; sends (or resends) a 6-digit code' })
  @ApiParam({ name: 'flowId', format: 'uuid' })
  @ApiResponse({ status: 202, type: CodeSentDto })
  @ApiResponse({ status: 400, description: 'phone_digits_mismatch, details.attemptsLeft' })
  @ApiResponse({ status: 404, description: 'flow_not_found' })
  @ApiResponse({ status: 409, description: 'flow_state_invalid' })
  @ApiResponse({ status: 410, description: 'flow_expired' })
  @ApiResponse({ status: 423, description: 'flow_locked' })
  @ApiResponse({ status: 429, description: 'too_many_requests (3 SMS per flow)' })
  sms(@CurrentRealm() realm: RequestRealm, @Param('flowId') flowId: string, @Body() body: PhoneDigitsDto): Promise<CodeSentDto> {
    return this.sendSmsCode.execute(realm, flowId, body.phoneDigits);
  }

  @RecoveryThrottle()
  @Post('flows/:flowId/code')
  @HttpCode(200)
  @ApiOperation({ summary: 'SMS fallback: the code; answers a reset token for POST /recovery/password/reset' })
  @ApiParam({ name: 'flowId', format: 'uuid' })
  @ApiResponse({ status: 200, type: ResetTokenIssuedDto })
  @ApiResponse({ status: 400, description: 'code_invalid, details.attemptsLeft' })
  @ApiResponse({ status: 404, description: 'flow_not_found' })
  @ApiResponse({ status: 409, description: 'flow_state_invalid' })
  @ApiResponse({ status: 410, description: 'flow_expired (flow or code past its lifetime)' })
  @ApiResponse({ status: 423, description: 'flow_locked' })
  code(@CurrentRealm() realm: RequestRealm, @Param('flowId') flowId: string, @Body() body: SmsCodeDto): Promise<ResetTokenIssuedDto> {
    return this.verifySmsCode.execute(realm, flowId, body.code);
  }

  @RecoveryThrottle()
  @Post('login')
  @HttpCode(202)
  @ApiOperation({ summary: 'Forgot login: e-mail and/or phone + date of birth + captcha; the same answer in every case' })
  @ApiResponse({ status: 202, type: RecoveryMessageDto })
  @ApiResponse({ status: 400, description: 'validation_failed, captcha_invalid' })
  async login(@CurrentRealm() realm: RequestRealm, @Body() body: ForgotLoginDto, @ClientIp() ip: string, @RequestLocale() locale: Locale): Promise<RecoveryMessageDto> {
    await this.recoverLogin.execute(realm, 'login', { ...body, ip });
    return { message: loginAnswerMessage(locale, realm.settings) };
  }

  @RecoveryThrottle()
  @Post('both')
  @HttpCode(202)
  @ApiOperation({ summary: 'Forgot login and password: as /recovery/login; the message carries the login and a reset link' })
  @ApiResponse({ status: 202, type: RecoveryMessageDto })
  @ApiResponse({ status: 400, description: 'validation_failed, captcha_invalid' })
  async both(@CurrentRealm() realm: RequestRealm, @Body() body: ForgotLoginDto, @ClientIp() ip: string, @RequestLocale() locale: Locale): Promise<RecoveryMessageDto> {
    await this.recoverLogin.execute(realm, 'both', { ...body, ip });
    return { message: loginAnswerMessage(locale, realm.settings) };
  }
}
