import { Body, Controller, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { Response } from 'express';
import { LoginResponseDto } from '../auth/dto/session-user.dto';
import { loginAnswer } from '../auth/login-answer';
import { LoginThrottle } from '../auth/throttle/login-throttle.decorator';
import type { RequestRealm } from '../common/http/app-request';
import { ClientIp, CurrentRealm } from '../common/http/current.decorators';
import { AppConfig } from '../config/app-config';
import { MfaTokenDto, PasskeySignInDto, PasskeySignInOptionsDto, SecondFactorDto } from './dto/mfa.dto';
import { ReportLostFactorUseCase } from './lost-factor/report-lost-factor.use-case';
import { MfaSignInService } from './sign-in/mfa-sign-in.service';
import { PasskeySignInService } from './sign-in/passkey-sign-in.service';

const OPTIONS_SCHEMA = { type: 'object', additionalProperties: true, description: 'PublicKeyCredentialRequestOptionsJSON' } as const;

@ApiTags('second factor')
@ApiParam({ name: 'realm', example: 'demo' })
@Controller('api/v1/realms/:realm/auth')
export class MfaAuthController {
  constructor(
    private readonly signIn: MfaSignInService,
    private readonly passkeySignIn: PasskeySignInService,
    private readonly lost: ReportLostFactorUseCase,
    private readonly config: AppConfig,
  ) {}

  @Post('mfa')
  @HttpCode(200)
  @LoginThrottle()
  @ApiOperation({ summary: 'The second step of a sign-in: a TOTP code, a recovery code or a passkey assertion; answers the login answer with session and cookie' })
  @ApiResponse({ status: 200, type: LoginResponseDto })
  @ApiResponse({ status: 400, description: 'validation_failed; code_invalid with details.attemptsLeft' })
  @ApiResponse({ status: 401, description: 'unauthenticated (unknown or expired mfaToken)' })
  @ApiResponse({ status: 423, description: 'flow_locked (5 attempts a token, or the account is locked)' })
  async verify(@CurrentRealm() realm: RequestRealm, @Body() body: SecondFactorDto, @ClientIp() ip: string, @Headers('user-agent') userAgent: string | undefined, @Res({ passthrough: true }) res: Response): Promise<LoginResponseDto> {
    const input = body.method === 'passkey' ? { method: body.method, response: body.response } : { method: body.method, code: body.code! };
    const result = await this.signIn.verify(realm, body.mfaToken, input, ip || null, userAgent ?? null);
    return loginAnswer(res, result, realm.settings, this.config);
  }

  @Post('mfa/passkey-options')
  @HttpCode(200)
  @LoginThrottle()
  @ApiOperation({ summary: "WebAuthn options for the second step (the user's passkeys)" })
  @ApiResponse({ status: 200, schema: OPTIONS_SCHEMA })
  @ApiResponse({ status: 400, description: 'validation_failed' })
  @ApiResponse({ status: 401, description: 'unauthenticated (unknown or expired mfaToken)' })
  @ApiResponse({ status: 409, description: 'flow_state_invalid (the user has no passkey)' })
  passkeyOptions(@CurrentRealm() realm: RequestRealm, @Body() body: MfaTokenDto): Promise<PublicKeyCredentialRequestOptionsJSON> {
    return this.signIn.passkeyOptions(realm, body.mfaToken);
  }

  @Post('mfa/lost')
  @HttpCode(202)
  @LoginThrottle()
  @ApiOperation({ summary: 'I lost my second factor: queues an access request (second_factor_lost) to the organisation admins' })
  @ApiResponse({ status: 202 })
  @ApiResponse({ status: 400, description: 'validation_failed' })
  @ApiResponse({ status: 401, description: 'unauthenticated (unknown or expired mfaToken)' })
  async lostFactor(@CurrentRealm() realm: RequestRealm, @Body() body: MfaTokenDto, @ClientIp() ip: string): Promise<void> {
    await this.lost.execute(realm, body.mfaToken, ip || null);
  }

  @Post('passkey/options')
  @HttpCode(200)
  @LoginThrottle()
  @ApiOperation({ summary: 'Passwordless sign-in: WebAuthn options for a discoverable credential' })
  @ApiResponse({ status: 200, type: PasskeySignInOptionsDto })
  passwordlessOptions(@CurrentRealm() realm: RequestRealm): Promise<PasskeySignInOptionsDto> {
    return this.passkeySignIn.options(realm) as unknown as Promise<PasskeySignInOptionsDto>;
  }

  @Post('passkey')
  @HttpCode(200)
  @LoginThrottle()
  @ApiOperation({ summary: 'Passwordless sign-in with a passkey verified with user verification (stands for both factors)' })
  @ApiResponse({ status: 200, type: LoginResponseDto })
  @ApiResponse({ status: 400, description: 'validation_failed' })
  @ApiResponse({ status: 401, description: 'invalid_credentials (any failure)' })
  async passwordless(@CurrentRealm() realm: RequestRealm, @Body() body: PasskeySignInDto, @ClientIp() ip: string, @Headers('user-agent') userAgent: string | undefined, @Res({ passthrough: true }) res: Response): Promise<LoginResponseDto> {
    const result = await this.passkeySignIn.verify(realm, body.challengeId, body.response, ip || null, userAgent ?? null);
    return loginAnswer(res, result, realm.settings, this.config);
  }
}
