import { Controller, Get, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminAccess, CurrentScope } from './admin-access.decorator';
import type { AdminScope } from './admin-scope';
import { AuditEventDto, AuditPageDto, AuditQueryDto } from './dto/audit.dto';
import { QueryAuditUseCase } from './use-cases/query-audit.use-case';

@ApiTags('administration')
@ApiParam({ name: 'realm', example: 'demo' })
@Controller('api/v1/realms/:realm/admin/audit')
export class AdminAuditController {
  constructor(private readonly queryAudit: QueryAuditUseCase) {}

  @Get()
  @AdminAccess()
  @ApiOperation({ summary: 'Audit events, newest first, 50 a page (an org_admin: about their users only)' })
  @ApiResponse({ status: 200, type: AuditPageDto })
  @ApiNotFoundResponse({ description: 'user_not_found (userId outside your reach)' })
  async list(@CurrentScope() scope: AdminScope, @Query() query: AuditQueryDto): Promise<AuditPageDto> {
    const result = await this.queryAudit.execute(scope, { userId: query.userId, type: query.type, page: query.page ? Number(query.page) : undefined });
    return { ...result, items: result.items.map((e) => AuditEventDto.from(e)) };
  }
}
