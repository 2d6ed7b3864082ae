import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength } from 'class-validator';
import { IsE164Phone } from '../../users/contact-format';

export class EmailContactDto {
  @ApiProperty({ example: 'anna@example.org' })
  @IsString() @MaxLength(254) @IsEmail()
  email: string;
}

export class PhoneContactDto {
  @ApiProperty({ example: '+7 953 354-12-34', description: 'International format; stored as E.164' })
  @IsString() @IsE164Phone()
  phone: string;
}

export class ConfirmContactDto {
  @ApiProperty({ example: '123456', description: 'The 6-digit code sent to the new contact' })
  @IsString() @MaxLength(32)
  code: string;
}
