import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { RequestRealm } from '../common/http/app-request';
import { CurrentRealm } from '../common/http/current.decorators';
import { PasswordPolicyDto } from './dto/password-policy.dto';

@ApiTags('password-policy')
@ApiParam({ name: 'realm', example: 'demo' })
@Controller('api/v1/realms/:realm/password-policy')
export class PasswordPolicyController {
  @Get()
  @ApiOperation({ summary: "The realm's effective password policy, so clients can show the rules (no session needed)" })
  @ApiResponse({ status: 200, type: PasswordPolicyDto })
  @ApiResponse({ status: 404, description: 'realm_not_found' })
  get(@CurrentRealm() realm: RequestRealm): PasswordPolicyDto {
    return { ...realm.settings.passwordPolicy };
  }
}
