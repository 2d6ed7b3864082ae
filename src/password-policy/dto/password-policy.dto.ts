import { ApiProperty } from '@nestjs/swagger';
import type { Charset, PasswordPolicySettings } from '../../realms/realm-settings';

/** The realm's effective password policy (same shape as `passwordPolicy` in realm settings). */
export class PasswordPolicyDto implements PasswordPolicySettings {
  @ApiProperty({ example: 8, description: 'Minimum length in Unicode code points' }) minLength: number;
  @ApiProperty({ example: 20, description: 'Maximum length in Unicode code points' }) maxLength: number;
  @ApiProperty({ enum: ['any', 'latin-alphanumeric'], description: '`latin-alphanumeric`: A–Z, a–z, 0–9 only; `any`: every printable character' }) charset: Charset;
  @ApiProperty() requireLetter: boolean;
  @ApiProperty() requireDigit: boolean;
  @ApiProperty() requireLowercase: boolean;
  @ApiProperty() requireUppercase: boolean;
  @ApiProperty({ example: 3, description: 'The last N passwords (the current one included) cannot be reused' }) historySize: number;
  @ApiProperty({ description: 'Passwords found in common-password dictionaries are refused (`too_common`)' }) rejectCommon: boolean;
  @ApiProperty({ description: 'Passwords containing the login are refused (`contains_login`)' }) rejectContainsLogin: boolean;
}
