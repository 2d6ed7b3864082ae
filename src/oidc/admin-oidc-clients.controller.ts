import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminAccess, CurrentScope } from '../admin/admin-access.decorator';
import type { AdminScope } from '../admin/admin-scope';
import { ClientIp } from '../common/http/current.decorators';
import { CreatedOidcClientDto, CreateOidcClientDto, OidcClientDto, OidcClientListDto } from './dto/oidc-client.dto';
import { OidcClientsService } from './oidc-clients.service';

@ApiTags('administration')
@ApiParam({ name: 'realm', example: 'demo' })
@Controller('api/v1/realms/:realm/admin/oidc-clients')
export class AdminOidcClientsController {
  constructor(private readonly clients: OidcClientsService) {}

  @Post()
  @AdminAccess({ realmAdminOnly: true })
  @ApiOperation({ summary: 'Register an application for single sign-on (realm_admin); the secret is shown once' })
  @ApiResponse({ status: 201, type: CreatedOidcClientDto })
  @ApiBadRequestResponse({ description: 'validation_failed (e.g. a redirect URI that is not https, or http on localhost)' })
  async create(@CurrentScope() scope: AdminScope, @Body() body: CreateOidcClientDto, @ClientIp() ip: string): Promise<CreatedOidcClientDto> {
    const { client, clientSecret } = await this.clients.create({ realmId: scope.realmId, actorId: scope.actorId, ip: ip || null }, body);
    return { ...OidcClientDto.from(client), clientSecret };
  }

  @Get()
  @AdminAccess({ realmAdminOnly: true })
  @ApiOperation({ summary: 'Registered applications (realm_admin); no secrets' })
  @ApiResponse({ status: 200, type: OidcClientListDto })
  async list(@CurrentScope() scope: AdminScope): Promise<OidcClientListDto> {
    return { items: (await this.clients.list(scope.realmId)).map((c) => OidcClientDto.from(c)) };
  }

  @Delete(':clientId')
  @HttpCode(204)
  @AdminAccess({ realmAdminOnly: true })
  @ApiOperation({ summary: 'Delete an application (realm_admin); its tokens stop working' })
  @ApiResponse({ status: 204 })
  @ApiNotFoundResponse({ description: 'oidc_client_not_found' })
  async remove(@CurrentScope() scope: AdminScope, @Param('clientId') clientId: string, @ClientIp() ip: string): Promise<void> {
    await this.clients.delete({ realmId: scope.realmId, actorId: scope.actorId, ip: ip || null }, clientId);
  }
}
