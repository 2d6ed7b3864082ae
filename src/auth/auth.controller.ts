import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExtraModels, ApiOperation, ApiParam, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AppRequest, RequestAuth, RequestRealm } from '../common/http/app-request';
import { ClientIp, CurrentAuth, CurrentRealm } from '../common/http/current.decorators';
import { AppConfig } from '../config/app-config';
import { Authenticated } from './authenticated.decorator';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginDto } from './dto/login.dto';
import { LoginResponseDto, SessionResponseDto, SessionUserDto } from './dto/session-user.dto';
import { clearSessionCookie } from './session-cookie';
import { LocalAuthGuard } from './passport/local-auth.guard';
import { LoginThrottle } from './throttle/login-throttle.decorator';
import { ChangePasswordUseCase } from './use-cases/change-password.use-case';
import { loginAnswer } from './login-answer';
import { MfaChallengeDto } from './dto/mfa-challenge.dto';
import type { LoginOutcome } from './use-cases/login.use-case';
import { LogoutUseCase } from './use-cases/logout.use-case';

@ApiTags('sessions')
@ApiParam({ name: 'realm', example: 'demo' })
@Controller('api/v1/realms/:realm/auth')
export class AuthController {
  constructor(
    private readonly logoutUseCase: LogoutUseCase,
    private readonly changePasswordUseCase: ChangePasswordUseCase,
    private readonly config: AppConfig,
  ) {}

  @Post('login')
  @HttpCode(200)
  @LoginThrottle()
  @UseGuards(LocalAuthGuard)
  @ApiOperation({ summary: 'Sign in; answers a bearer token and sets the sid cookie. Any failure: 401 invalid_credentials.' })
  @ApiExtraModels(LoginResponseDto, MfaChallengeDto)
  @ApiResponse({ status: 200, description: 'A session, or (for a user with a second factor) mfaRequired with an mfaToken and no session', schema: { oneOf: [{ $ref: getSchemaPath(LoginResponseDto) }, { $ref: getSchemaPath(MfaChallengeDto) }] } })
  @ApiResponse({ status: 400, description: 'validation_failed' })
  @ApiResponse({ status: 401, description: 'invalid_credentials (unknown login, wrong password, locked or disabled account: one answer)' })
  login(@CurrentRealm() realm: RequestRealm, @Body() _body: LoginDto, @Req() req: AppRequest & { user: LoginOutcome }, @Res({ passthrough: true }) res: Response): LoginResponseDto | MfaChallengeDto {
    const result = req.user;
    if ('mfaRequired' in result) return MfaChallengeDto.from(result);
    return loginAnswer(res, result, realm.settings, this.config);
  }

  @Get('session')
  @Authenticated({ allowPendingPasswordChange: true, allowMfaEnrollment: true })
  @ApiOperation({ summary: 'The current session' })
  @ApiResponse({ status: 200, type: SessionResponseDto })
  @ApiResponse({ status: 401, description: 'unauthenticated' })
  session(@CurrentRealm() realm: RequestRealm, @CurrentAuth() auth: RequestAuth): SessionResponseDto {
    return { user: SessionUserDto.from(auth.user, realm.settings), expiresAt: auth.expiresAt.toISOString() };
  }

  @Post('logout')
  @HttpCode(204)
  @Authenticated({ allowPendingPasswordChange: true, allowMfaEnrollment: true })
  @ApiOperation({ summary: 'Ends this session (others of the user stay)' })
  @ApiResponse({ status: 204 })
  @ApiResponse({ status: 401, description: 'unauthenticated' })
  async logout(@CurrentAuth() auth: RequestAuth, @ClientIp() ip: string, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.logoutUseCase.execute(auth, ip || null);
    clearSessionCookie(res, this.config);
  }

  @Post('password')
  @HttpCode(204)
  @Authenticated({ allowPendingPasswordChange: true, forbidden: 'password_change_forbidden (the user may not change their own password)' })
  @ApiOperation({ summary: "Changes the signed-in user's password; the user's other sessions end, this one stays" })
  @ApiResponse({ status: 204 })
  @ApiResponse({ status: 400, description: 'validation_failed, password_mismatch, or password_policy with details.violations [{rule, message}]' })
  @ApiResponse({ status: 401, description: 'invalid_credentials (current password wrong) or unauthenticated' })
  async changePassword(@CurrentRealm() realm: RequestRealm, @CurrentAuth() auth: RequestAuth, @Body() body: ChangePasswordDto, @ClientIp() ip: string): Promise<void> {
    await this.changePasswordUseCase.execute({ realm, auth, ...body, ip: ip || null });
  }
}
