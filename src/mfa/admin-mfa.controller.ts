import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminAccess, CurrentScope } from '../admin/admin-access.decorator';
import type { AdminScope } from '../admin/admin-scope';
import { ClientIp } from '../common/http/current.decorators';
import { ResetMfaUseCase } from './lost-factor/reset-mfa.use-case';

@ApiTags('administration')
@ApiParam({ name: 'realm', example: 'demo' })
@Controller('api/v1/realms/:realm/admin/users')
export class AdminMfaController {
  constructor(private readonly resetMfa: ResetMfaUseCase) {}

  @Post(':id/mfa/reset')
  @HttpCode(204)
  @AdminAccess()
  @ApiOperation({ summary: "Removes every second factor and recovery code of a user, ends their sessions, notifies them (audit mfa.reset)" })
  @ApiResponse({ status: 204 })
  @ApiNotFoundResponse({ description: 'user_not_found (also outside the caller’s scope)' })
  async reset(@CurrentScope() scope: AdminScope, @Param('id') id: string, @ClientIp() ip: string): Promise<void> {
    await this.resetMfa.execute(scope, id, ip || null);
  }
}
