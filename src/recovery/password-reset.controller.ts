import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RecoveryThrottle } from '../auth/throttle/recovery-throttle.decorator';
import type { RequestRealm } from '../common/http/app-request';
import { ClientIp, CurrentRealm } from '../common/http/current.decorators';
import { ResetPasswordDto } from './dto/recovery.dto';
import { ResetPasswordUseCase } from './use-cases/reset-password.use-case';

/** The reset step shared by every route to a new password (e-mailed link, SMS code, admin link). */
@ApiTags('recovery')
@ApiParam({ name: 'realm', example: 'demo' })
@Controller('api/v1/realms/:realm/recovery/password/reset')
export class PasswordResetController {
  constructor(private readonly resetPassword: ResetPasswordUseCase) {}

  @RecoveryThrottle()
  @Post()
  @HttpCode(204)
  @ApiOperation({ summary: 'Sets a new password with a reset token; ends every session; creates none' })
  @ApiResponse({ status: 204 })
  @ApiResponse({ status: 400, description: 'password_mismatch, password_policy (details.violations; the link stays usable)' })
  @ApiResponse({ status: 410, description: 'token_invalid (unknown, used or expired)' })
  async reset(@CurrentRealm() realm: RequestRealm, @Body() body: ResetPasswordDto, @ClientIp() ip: string): Promise<void> {
    await this.resetPassword.execute(realm, { ...body, ip });
  }
}
