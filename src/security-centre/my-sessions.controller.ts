import { Controller, Delete, Get, HttpCode, Param, Req } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/authenticated.decorator';
import type { AppRequest, RequestAuth } from '../common/http/app-request';
import { ClientIp, CurrentAuth } from '../common/http/current.decorators';
import { chooseLocale } from '../i18n/i18n';
import { MySessionDto, MySessionsDto } from './dto/my-session.dto';
import { MySessionsService } from './my-sessions.service';

@ApiTags('own account')
@ApiParam({ name: 'realm', example: 'demo' })
@Controller('api/v1/realms/:realm/me/sessions')
export class MySessionsController {
  constructor(private readonly sessions: MySessionsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: "The signed-in user's live sessions, newest first" })
  @ApiResponse({ status: 200, type: MySessionsDto })
  @ApiResponse({ status: 401, description: 'unauthenticated' })
  async list(@CurrentAuth() auth: RequestAuth, @Req() req: AppRequest): Promise<MySessionsDto> {
    const locale = chooseLocale({ acceptLanguage: req.headers['accept-language'], userLocale: auth.user.locale, realmLocales: req.realm?.settings.locales, realmDefault: req.realm?.settings.defaultLocale });
    const rows = await this.sessions.list(auth);
    return { items: rows.map((s) => MySessionDto.from(s, auth.sessionId, locale)) };
  }

  @Delete()
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'Ends every session of the user but the current one' })
  @ApiResponse({ status: 204 })
  @ApiResponse({ status: 401, description: 'unauthenticated' })
  async endOthers(@CurrentAuth() auth: RequestAuth, @ClientIp() ip: string): Promise<void> {
    await this.sessions.endOthers(auth, ip || null);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated()
  @ApiParam({ name: 'id', description: 'A session id from GET /me/sessions' })
  @ApiOperation({ summary: 'Ends one of the user’s sessions; it stops working at once' })
  @ApiResponse({ status: 204 })
  @ApiResponse({ status: 401, description: 'unauthenticated' })
  @ApiResponse({ status: 404, description: 'session_not_found (unknown, ended, or not the caller’s)' })
  async end(@CurrentAuth() auth: RequestAuth, @Param('id') id: string, @ClientIp() ip: string): Promise<void> {
    await this.sessions.end(auth, id, ip || null);
  }
}
