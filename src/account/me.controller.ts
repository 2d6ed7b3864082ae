import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/authenticated.decorator';
import type { RequestAuth, RequestRealm } from '../common/http/app-request';
import { CurrentAuth, CurrentRealm } from '../common/http/current.decorators';
import { OwnAccountDto, UpdateOwnAccountDto } from './dto/own-account.dto';
import { GetOwnAccountUseCase } from './use-cases/get-own-account.use-case';
import { UpdateOwnAccountUseCase } from './use-cases/update-own-account.use-case';

@ApiTags('own account')
@ApiParam({ name: 'realm', example: 'demo' })
@Controller('api/v1/realms/:realm/me')
export class MeController {
  constructor(
    private readonly getAccount: GetOwnAccountUseCase,
    private readonly updateAccount: UpdateOwnAccountUseCase,
  ) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'The signed-in user with contacts' })
  @ApiResponse({ status: 200, type: OwnAccountDto })
  async get(@CurrentRealm() realm: RequestRealm, @CurrentAuth() auth: RequestAuth): Promise<OwnAccountDto> {
    return OwnAccountDto.from(await this.getAccount.execute(auth), realm.settings);
  }

  @Patch()
  @Authenticated()
  @ApiOperation({ summary: 'Change the language (nothing else is writable here)' })
  @ApiResponse({ status: 200, type: OwnAccountDto })
  async patch(@CurrentRealm() realm: RequestRealm, @CurrentAuth() auth: RequestAuth, @Body() body: UpdateOwnAccountDto): Promise<OwnAccountDto> {
    return OwnAccountDto.from(await this.updateAccount.execute(realm, auth, body), realm.settings);
  }
}
