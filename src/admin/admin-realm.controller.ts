import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ClientIp } from '../common/http/current.decorators';
import { AdminAccess, CurrentScope } from './admin-access.decorator';
import type { AdminScope } from './admin-scope';
import { RealmSettingsDto, RealmSettingsPatchDto } from './dto/realm-settings.dto';
import { GetRealmSettingsUseCase } from './use-cases/get-realm-settings.use-case';
import { UpdateRealmSettingsUseCase } from './use-cases/update-realm-settings.use-case';

@ApiTags('administration')
@ApiParam({ name: 'realm', example: 'demo' })
@Controller('api/v1/realms/:realm/admin/realm')
export class AdminRealmController {
  constructor(
    private readonly getSettings: GetRealmSettingsUseCase,
    private readonly updateSettings: UpdateRealmSettingsUseCase,
  ) {}

  @Get()
  @AdminAccess()
  @ApiOperation({ summary: "The realm's effective settings (realm_admin, org_admin)" })
  @ApiResponse({ status: 200, type: RealmSettingsDto })
  async get(@CurrentScope() scope: AdminScope): Promise<RealmSettingsDto> {
    return RealmSettingsDto.from(await this.getSettings.execute(scope));
  }

  @Patch()
  @AdminAccess({ realmAdminOnly: true })
  @ApiOperation({ summary: 'Change settings (realm_admin): a named preset first, then the other fields; nested objects merge' })
  @ApiResponse({ status: 200, type: RealmSettingsDto })
  @ApiBadRequestResponse({ description: 'validation_failed; nothing changes' })
  async patch(@CurrentScope() scope: AdminScope, @Body() body: RealmSettingsPatchDto, @ClientIp() ip: string): Promise<RealmSettingsDto> {
    return RealmSettingsDto.from(await this.updateSettings.execute(scope, body, ip || null));
  }
}
