import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

// Far above any policy's maxLength (≤ 1024 code points) so that the policy, not validation,
// reports a too-long password; still bounded so no one can make argon2 hash megabytes.
const MAX_INPUT = 4096;

export class ChangePasswordDto {
  @ApiProperty({ description: 'The password in use now' })
  @IsString()
  @MaxLength(MAX_INPUT)
  currentPassword: string;

  @ApiProperty({ description: "Must satisfy the realm's password policy (GET /password-policy)" })
  @IsString()
  @MaxLength(MAX_INPUT)
  newPassword: string;

  @ApiProperty({ description: 'The new password again' })
  @IsString()
  @MaxLength(MAX_INPUT)
  newPasswordConfirm: string;
}
