import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/authenticated.decorator';
import type { RequestAuth, RequestRealm } from '../common/http/app-request';
import { ClientIp, CurrentAuth, CurrentRealm } from '../common/http/current.decorators';
import { ConfirmContactDto, EmailContactDto, PhoneContactDto } from './dto/contact.dto';
import { ConfirmContactUseCase } from './use-cases/confirm-contact.use-case';
import { RequestContactCodeUseCase } from './use-cases/request-contact-code.use-case';

@ApiTags('own account')
@ApiParam({ name: 'realm', example: 'demo' })
@Controller('api/v1/realms/:realm/me/contacts')
export class ContactsController {
  constructor(
    private readonly requestCode: RequestContactCodeUseCase,
    private readonly confirmContact: ConfirmContactUseCase,
  ) {}

  @Post('email')
  @HttpCode(202)
  @Authenticated()
  @ApiOperation({ summary: 'Send a 6-digit code to a new e-mail address' })
  @ApiResponse({ status: 202 })
  async email(@CurrentRealm() realm: RequestRealm, @CurrentAuth() auth: RequestAuth, @Body() body: EmailContactDto): Promise<void> {
    await this.requestCode.execute(realm, auth.user, 'email', body.email);
  }

  @Post('phone')
  @HttpCode(202)
  @Authenticated()
  @ApiOperation({ summary: 'Send a 6-digit code by SMS to a new phone (normalised to E.164)' })
  @ApiResponse({ status: 202 })
  async phone(@CurrentRealm() realm: RequestRealm, @CurrentAuth() auth: RequestAuth, @Body() body: PhoneContactDto): Promise<void> {
    await this.requestCode.execute(realm, auth.user, 'phone', body.phone);
  }

  @Post('email/confirm')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'Confirm the new e-mail with its code' })
  @ApiResponse({ status: 204 })
  async confirmEmail(@CurrentRealm() realm: RequestRealm, @CurrentAuth() auth: RequestAuth, @Body() body: ConfirmContactDto, @ClientIp() ip: string): Promise<void> {
    await this.confirmContact.execute(realm, auth.user, 'email', body.code, ip || null);
  }

  @Post('phone/confirm')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'Confirm the new phone with its code' })
  @ApiResponse({ status: 204 })
  async confirmPhone(@CurrentRealm() realm: RequestRealm, @CurrentAuth() auth: RequestAuth, @Body() body: ConfirmContactDto, @ClientIp() ip: string): Promise<void> {
    await this.confirmContact.execute(realm, auth.user, 'phone', body.code, ip || null);
  }
}
