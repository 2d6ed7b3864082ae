import { Global, Module } from '@nestjs/common';
import { PasswordHistoryStore } from './password-history.store';
import { PasswordPolicyController } from './password-policy.controller';
import { PasswordPolicy } from './password-policy.port';
import { PasswordPolicyService } from './password-policy.service';

/** One password policy for sign-in, recovery and administration (`PasswordPolicy` port). */
@Global()
@Module({
  controllers: [PasswordPolicyController],
  providers: [PasswordHistoryStore, PasswordPolicyService, { provide: PasswordPolicy, useExisting: PasswordPolicyService }],
  exports: [PasswordPolicy, PasswordHistoryStore],
})
export class PasswordPolicyModule {}
