import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { SessionUserDto } from '../../auth/dto/session-user.dto';
import { SUPPORTED_LOCALES } from '../../i18n/i18n';
import type { RealmSettings } from '../../realms/realm-settings';
import type { UserEntity } from '../../users/entities/user.entity';

/** The signed-in user with their contacts (never a hash): the session's user plus contact fields. */
export class OwnAccountDto extends SessionUserDto {
  @ApiProperty() canChangeOwnPassword: boolean;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty() emailVerified: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'E.164' }) phone: string | null;
  @ApiProperty() phoneVerified: boolean;
  @ApiProperty({ nullable: true, type: String, example: '2010-04-01' }) birthDate: string | null;

  static override from(u: UserEntity, settings: RealmSettings): OwnAccountDto {
    return {
      ...SessionUserDto.from(u, settings),
      canChangeOwnPassword: u.canChangeOwnPassword,
      email: u.email,
      emailVerified: u.emailVerified,
      phone: u.phone,
      phoneVerified: u.phoneVerified,
      birthDate: u.birthDate,
    };
  }
}

export class UpdateOwnAccountDto {
  @ApiProperty({ enum: SUPPORTED_LOCALES, description: 'One of the realm languages' })
  @IsIn(SUPPORTED_LOCALES)
  locale: string;
}
