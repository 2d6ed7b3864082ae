import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { Authenticated } from '../auth/authenticated.decorator';
import type { RequestAuth, RequestRealm } from '../common/http/app-request';
import { ClientIp, CurrentAuth, CurrentRealm } from '../common/http/current.decorators';
import { AddedPasskeyDto, AddPasskeyDto, CodeDto, MfaStatusDto, RecoveryCodesDto, RegenerateCodesDto, TotpEnrolmentDto } from './dto/mfa.dto';
import { MfaEnrolmentService } from './enrolment/mfa-enrolment.service';
import { MfaFactorsService } from './mfa-factors.service';

const UNAUTH = { status: 401, description: 'unauthenticated' } as const;
const ENROL = { allowMfaEnrollment: true } as const;

@ApiTags('second factor')
@ApiParam({ name: 'realm', example: 'demo' })
@Controller('api/v1/realms/:realm/me')
export class MeMfaController {
  constructor(
    private readonly enrolment: MfaEnrolmentService,
    private readonly factors: MfaFactorsService,
  ) {}

  @Get('mfa')
  @Authenticated(ENROL)
  @ApiOperation({ summary: "The signed-in user's second factors" })
  @ApiResponse({ status: 200, type: MfaStatusDto })
  @ApiResponse(UNAUTH)
  status(@CurrentRealm() realm: RequestRealm, @CurrentAuth() auth: RequestAuth): Promise<MfaStatusDto> {
    return this.factors.status(auth.user, realm.settings);
  }

  @Post('mfa/totp')
  @Authenticated(ENROL)
  @ApiOperation({ summary: 'Starts TOTP enrolment: a pending secret until confirmed with a code' })
  @ApiResponse({ status: 201, type: TotpEnrolmentDto })
  @ApiResponse(UNAUTH)
  @ApiResponse({ status: 409, description: 'flow_state_invalid (TOTP already enabled)' })
  startTotp(@CurrentRealm() realm: RequestRealm, @CurrentAuth() auth: RequestAuth): Promise<TotpEnrolmentDto> {
    return this.enrolment.startTotp(realm, auth);
  }

  @Post('mfa/totp/confirm')
  @HttpCode(200)
  @Authenticated(ENROL)
  @ApiOperation({ summary: 'Confirms TOTP with a first code; recovery codes come with the first factor only' })
  @ApiResponse({ status: 200, type: RecoveryCodesDto })
  @ApiResponse({ status: 400, description: 'validation_failed, code_invalid' })
  @ApiResponse(UNAUTH)
  @ApiResponse({ status: 409, description: 'flow_state_invalid (nothing pending, or already enabled)' })
  async confirmTotp(@CurrentRealm() realm: RequestRealm, @CurrentAuth() auth: RequestAuth, @Body() body: CodeDto, @ClientIp() ip: string): Promise<RecoveryCodesDto> {
    return { recoveryCodes: await this.enrolment.confirmTotp(realm, auth, body.code, ip || null) };
  }

  @Delete('mfa/totp')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'Removes TOTP; needs a current TOTP code or a recovery code' })
  @ApiResponse({ status: 204 })
  @ApiResponse({ status: 400, description: 'validation_failed, code_invalid' })
  @ApiResponse(UNAUTH)
  @ApiResponse({ status: 409, description: 'flow_state_invalid (TOTP not enabled)' })
  async removeTotp(@CurrentRealm() realm: RequestRealm, @CurrentAuth() auth: RequestAuth, @Body() body: CodeDto, @ClientIp() ip: string): Promise<void> {
    await this.enrolment.removeTotp(realm, auth, body.code, ip || null);
  }

  @Post('passkeys/options')
  @HttpCode(200)
  @Authenticated(ENROL)
  @ApiOperation({ summary: 'WebAuthn creation options (attestation none, excludeCredentials)' })
  @ApiResponse({ status: 200, schema: { type: 'object', additionalProperties: true, description: 'PublicKeyCredentialCreationOptionsJSON' } })
  @ApiResponse(UNAUTH)
  passkeyOptions(@CurrentRealm() realm: RequestRealm, @CurrentAuth() auth: RequestAuth): Promise<PublicKeyCredentialCreationOptionsJSON> {
    return this.enrolment.passkeyOptions(realm, auth);
  }

  @Post('passkeys')
  @Authenticated(ENROL)
  @ApiOperation({ summary: 'Adds a passkey from a registration response' })
  @ApiResponse({ status: 201, type: AddedPasskeyDto })
  @ApiResponse({ status: 400, description: 'validation_failed, passkey_invalid' })
  @ApiResponse(UNAUTH)
  addPasskey(@CurrentRealm() realm: RequestRealm, @CurrentAuth() auth: RequestAuth, @Body() body: AddPasskeyDto, @ClientIp() ip: string): Promise<AddedPasskeyDto> {
    return this.enrolment.addPasskey(realm, auth, body.response, body.name, ip || null);
  }

  @Delete('passkeys/:id')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'Removes one of your passkeys' })
  @ApiResponse({ status: 204 })
  @ApiResponse(UNAUTH)
  @ApiResponse({ status: 404, description: 'not_found' })
  async removePasskey(@CurrentRealm() realm: RequestRealm, @CurrentAuth() auth: RequestAuth, @Param('id') id: string, @ClientIp() ip: string): Promise<void> {
    await this.enrolment.removePasskey(realm, auth, id, ip || null);
  }

  @Post('mfa/assertion-options')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'WebAuthn request options for proving a passkey (before regenerating recovery codes)' })
  @ApiResponse({ status: 200, schema: { type: 'object', additionalProperties: true, description: 'PublicKeyCredentialRequestOptionsJSON' } })
  @ApiResponse(UNAUTH)
  @ApiResponse({ status: 409, description: 'flow_state_invalid (no passkey)' })
  assertionOptions(@CurrentRealm() realm: RequestRealm, @CurrentAuth() auth: RequestAuth): Promise<PublicKeyCredentialRequestOptionsJSON> {
    return this.enrolment.assertionOptions(realm, auth);
  }

  @Post('mfa/recovery-codes')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'New recovery codes (the old ones die) for a current TOTP code or a passkey assertion' })
  @ApiResponse({ status: 200, type: RecoveryCodesDto })
  @ApiResponse({ status: 400, description: 'validation_failed, code_invalid, passkey_invalid' })
  @ApiResponse(UNAUTH)
  @ApiResponse({ status: 409, description: 'flow_state_invalid (no factor)' })
  async regenerate(@CurrentRealm() realm: RequestRealm, @CurrentAuth() auth: RequestAuth, @Body() body: RegenerateCodesDto, @ClientIp() ip: string): Promise<RecoveryCodesDto> {
    return { recoveryCodes: await this.enrolment.regenerateCodes(realm, auth, body, ip || null) };
  }
}
