import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ClientIp } from '../common/http/current.decorators';
import { Clock } from '../common/time/clock';
import { AdminAccess, CurrentScope } from './admin-access.decorator';
import type { AdminScope } from './admin-scope';
import { AdminUserDto, AdminUserListDto, CreateUserDto, ListUsersQueryDto, UpdateUserDto } from './dto/admin-user.dto';
import { ResetAccessDto, ResetAccessResponseDto } from './dto/reset-access.dto';
import { CreateUserUseCase } from './use-cases/create-user.use-case';
import { EndSessionsUseCase } from './use-cases/end-sessions.use-case';
import { GetUserUseCase } from './use-cases/get-user.use-case';
import { ListUsersUseCase } from './use-cases/list-users.use-case';
import { ResetAccessUseCase } from './use-cases/reset-access.use-case';
import { UnlockUserUseCase } from './use-cases/unlock-user.use-case';
import { UpdateUserUseCase } from './use-cases/update-user.use-case';

@ApiTags('administration')
@ApiParam({ name: 'realm', example: 'demo' })
@Controller('api/v1/realms/:realm/admin/users')
export class AdminUsersController {
  constructor(
    private readonly createUser: CreateUserUseCase,
    private readonly listUsers: ListUsersUseCase,
    private readonly getUser: GetUserUseCase,
    private readonly updateUser: UpdateUserUseCase,
    private readonly resetAccess: ResetAccessUseCase,
    private readonly unlockUser: UnlockUserUseCase,
    private readonly endSessions: EndSessionsUseCase,
    private readonly clock: Clock,
  ) {}

  @Post()
  @AdminAccess()
  @ApiOperation({ summary: 'Create a user (password checked by the policy; none: a setup link is e-mailed)' })
  @ApiResponse({ status: 201, type: AdminUserDto })
  @ApiBadRequestResponse({ description: 'validation_failed, password_policy' })
  @ApiConflictResponse({ description: 'login_taken' })
  async create(@CurrentScope() scope: AdminScope, @Body() body: CreateUserDto, @ClientIp() ip: string): Promise<AdminUserDto> {
    const { user } = await this.createUser.execute(scope, body, ip || null);
    return AdminUserDto.from(user, scope.realm.settings, this.clock.now());
  }

  @Get()
  @AdminAccess()
  @ApiOperation({ summary: 'Users in reach: q searches login, e-mail and phone; pages from 1' })
  @ApiResponse({ status: 200, type: AdminUserListDto })
  async list(@CurrentScope() scope: AdminScope, @Query() query: ListUsersQueryDto): Promise<AdminUserListDto> {
    const { items, total } = await this.listUsers.execute(scope, {
      q: query.q,
      organizationId: query.organizationId,
      page: query.page ? Number(query.page) : undefined,
      pageSize: query.pageSize ? Number(query.pageSize) : undefined,
    });
    const now = this.clock.now();
    return { items: items.map((u) => AdminUserDto.from(u, scope.realm.settings, now)), total };
  }

  @Get(':id')
  @AdminAccess()
  @ApiOperation({ summary: 'One user' })
  @ApiResponse({ status: 200, type: AdminUserDto })
  @ApiNotFoundResponse({ description: 'user_not_found (also for users outside your reach)' })
  async get(@CurrentScope() scope: AdminScope, @Param('id') id: string): Promise<AdminUserDto> {
    return AdminUserDto.from(await this.getUser.execute(scope, id), scope.realm.settings, this.clock.now());
  }

  @Patch(':id')
  @AdminAccess()
  @ApiOperation({ summary: 'Change a user; disabling ends their sessions at once' })
  @ApiResponse({ status: 200, type: AdminUserDto })
  @ApiNotFoundResponse({ description: 'user_not_found, organization_not_found' })
  async update(@CurrentScope() scope: AdminScope, @Param('id') id: string, @Body() body: UpdateUserDto, @ClientIp() ip: string): Promise<AdminUserDto> {
    return AdminUserDto.from(await this.updateUser.execute(scope, id, body, ip || null), scope.realm.settings, this.clock.now());
  }

  @Post(':id/reset-access')
  @AdminAccess()
  @ApiOperation({ summary: 'Restore access: link (202, e-mailed, 12 h) or temporary-password (200, shown once, 72 h); ends sessions and earlier links' })
  @ApiResponse({ status: 200, type: ResetAccessResponseDto, description: 'temporary-password' })
  @ApiResponse({ status: 202, type: ResetAccessResponseDto, description: 'link' })
  @ApiConflictResponse({ description: 'contact_admin: no confirmed e-mail for a link' })
  async reset(@CurrentScope() scope: AdminScope, @Param('id') id: string, @Body() body: ResetAccessDto, @ClientIp() ip: string, @Res({ passthrough: true }) res: Response): Promise<ResetAccessResponseDto> {
    const result = await this.resetAccess.execute(scope, id, body.method, ip || null);
    res.setHeader('Cache-Control', 'no-store');
    if (result.method === 'link') {
      res.status(202);
      return { expiresAt: result.expiresAt.toISOString() };
    }
    res.status(200);
    return { temporaryPassword: result.temporaryPassword, expiresAt: result.expiresAt.toISOString() };
  }

  @Post(':id/unlock')
  @HttpCode(204)
  @AdminAccess()
  @ApiOperation({ summary: 'Lift a lockout after failed sign-ins' })
  @ApiResponse({ status: 204 })
  async unlock(@CurrentScope() scope: AdminScope, @Param('id') id: string, @ClientIp() ip: string): Promise<void> {
    await this.unlockUser.execute(scope, id, ip || null);
  }

  @Delete(':id/sessions')
  @HttpCode(204)
  @AdminAccess()
  @ApiOperation({ summary: 'End every session of the user' })
  @ApiResponse({ status: 204 })
  async endAllSessions(@CurrentScope() scope: AdminScope, @Param('id') id: string, @ClientIp() ip: string): Promise<void> {
    await this.endSessions.execute(scope, id, ip || null);
  }
}
