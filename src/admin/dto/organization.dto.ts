import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { Present } from '../../common/validation/present';
import type { OrganizationEntity } from '../../realms/entities/organization.entity';

export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

export class CreateOrganizationDto {
  @ApiProperty({ example: 'School No. 5, class 7B', maxLength: 200 })
  @IsString() @IsNotEmpty() @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'school-5-7b', description: 'Lowercase letters, digits and dashes; unique in the realm' })
  @IsString() @Matches(SLUG_PATTERN)
  slug: string;

  @ApiPropertyOptional({ example: 'Curator: room 104a, kantselyaria@example.org', maxLength: 500, description: 'Shown to the organisation\'s users when they must ask for help' })
  @Present() @IsString() @MaxLength(500)
  adminContact?: string;
}

export class OrganizationDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() slug: string;
  @ApiProperty({ nullable: true, type: String }) adminContact: string | null;

  static from(o: OrganizationEntity): OrganizationDto {
    return { id: o.id, name: o.name, slug: o.slug, adminContact: o.adminContact };
  }
}

export class OrganizationListDto {
  @ApiProperty({ type: [OrganizationDto] }) items: OrganizationDto[];
}
