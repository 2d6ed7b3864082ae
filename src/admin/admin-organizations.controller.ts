import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminAccess, CurrentScope } from './admin-access.decorator';
import type { AdminScope } from './admin-scope';
import { CreateOrganizationDto, OrganizationDto, OrganizationListDto } from './dto/organization.dto';
import { CreateOrganizationUseCase } from './use-cases/create-organization.use-case';
import { ListOrganizationsUseCase } from './use-cases/list-organizations.use-case';

@ApiTags('administration')
@ApiParam({ name: 'realm', example: 'demo' })
@Controller('api/v1/realms/:realm/admin/organizations')
export class AdminOrganizationsController {
  constructor(
    private readonly createOrganization: CreateOrganizationUseCase,
    private readonly listOrganizations: ListOrganizationsUseCase,
  ) {}

  @Post()
  @AdminAccess({ realmAdminOnly: true })
  @ApiOperation({ summary: 'Create an organisation (realm_admin)' })
  @ApiResponse({ status: 201, type: OrganizationDto })
  @ApiConflictResponse({ description: 'slug_taken' })
  async create(@CurrentScope() scope: AdminScope, @Body() body: CreateOrganizationDto): Promise<OrganizationDto> {
    return OrganizationDto.from(await this.createOrganization.execute(scope, body));
  }

  @Get()
  @AdminAccess()
  @ApiOperation({ summary: 'Organisations of the realm (an org_admin sees their own)' })
  @ApiResponse({ status: 200, type: OrganizationListDto })
  async list(@CurrentScope() scope: AdminScope): Promise<OrganizationListDto> {
    return { items: (await this.listOrganizations.execute(scope)).map((o) => OrganizationDto.from(o)) };
  }
}
