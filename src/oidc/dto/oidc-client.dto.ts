import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsBoolean, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Present } from '../../common/validation/present';
import type { OidcClientEntity } from '../entities/oidc-client.entity';

export class CreateOidcClientDto {
  @ApiProperty({ example: 'School library', maxLength: 200 })
  @IsString() @IsNotEmpty() @MaxLength(200)
  name: string;

  @ApiProperty({ example: ['https://library.example.org/callback'], description: 'Absolute, no fragment; https, or http on localhost/127.0.0.1', type: [String] })
  @IsArray() @ArrayNotEmpty() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(2000, { each: true })
  redirectUris: string[];

  @ApiPropertyOptional({ example: ['https://library.example.org/'], description: 'Where RP-initiated logout may return; same rules', type: [String] })
  @Present() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(2000, { each: true })
  postLogoutRedirectUris?: string[];

  @ApiPropertyOptional({ default: false, description: 'No secret (browser or mobile app); PKCE required' })
  @Present() @IsBoolean()
  public?: boolean;

  @ApiPropertyOptional({ default: false, description: 'Skips the consent page (the organisation\'s own application)' })
  @Present() @IsBoolean()
  firstParty?: boolean;
}

export class OidcClientDto {
  @ApiProperty() clientId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [String] }) redirectUris: string[];
  @ApiProperty({ type: [String] }) postLogoutRedirectUris: string[];
  @ApiProperty() public: boolean;
  @ApiProperty() firstParty: boolean;
  @ApiProperty({ example: '2026-01-15T10:00:00.000Z' }) createdAt: string;

  static from(c: OidcClientEntity): OidcClientDto {
    return {
      clientId: c.clientId,
      name: c.name,
      redirectUris: c.redirectUris,
      postLogoutRedirectUris: c.postLogoutRedirectUris,
      public: c.public,
      firstParty: c.firstParty,
      createdAt: c.createdAt.toISOString(),
    };
  }
}

export class CreatedOidcClientDto extends OidcClientDto {
  @ApiProperty({ nullable: true, type: String, description: 'Shown once; null for public clients' }) clientSecret: string | null;
}

export class OidcClientListDto {
  @ApiProperty({ type: [OidcClientDto] }) items: OidcClientDto[];
}
