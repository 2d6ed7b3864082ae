import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ClientIp } from '../common/http/current.decorators';
import { AdminAccess, CurrentScope } from './admin-access.decorator';
import type { AdminScope } from './admin-scope';
import { AccessRequestDto, AccessRequestListDto, AccessRequestQueryDto, ResolveAccessRequestDto } from './dto/access-request.dto';
import { ListAccessRequestsUseCase } from './use-cases/list-access-requests.use-case';
import { ResolveAccessRequestUseCase } from './use-cases/resolve-access-request.use-case';

@ApiTags('administration')
@ApiParam({ name: 'realm', example: 'demo' })
@Controller('api/v1/realms/:realm/admin/access-requests')
export class AdminAccessRequestsController {
  constructor(
    private readonly listRequests: ListAccessRequestsUseCase,
    private readonly resolveRequest: ResolveAccessRequestUseCase,
  ) {}

  @Get()
  @AdminAccess()
  @ApiOperation({ summary: 'Access requests of users who cannot recover alone (an org_admin: their organisation\'s)' })
  @ApiResponse({ status: 200, type: AccessRequestListDto })
  async list(@CurrentScope() scope: AdminScope, @Query() query: AccessRequestQueryDto): Promise<AccessRequestListDto> {
    return { items: (await this.listRequests.execute(scope, query.status)).map((r) => AccessRequestDto.from(r)) };
  }

  @Post(':id/resolve')
  @HttpCode(204)
  @AdminAccess()
  @ApiOperation({ summary: 'Mark a request resolved, with an optional note' })
  @ApiResponse({ status: 204 })
  @ApiNotFoundResponse({ description: 'access_request_not_found' })
  async resolve(@CurrentScope() scope: AdminScope, @Param('id') id: string, @Body() body: ResolveAccessRequestDto, @ClientIp() ip: string): Promise<void> {
    await this.resolveRequest.execute(scope, id, body.note?.trim() || null, ip || null);
  }
}
