import { Module } from '@nestjs/common';
import { DecoyPhoneCountries } from './decoy-phone-countries';
import { PasswordResetController } from './password-reset.controller';
import { RecoveryController } from './recovery.controller';
import { RecoveryCoreModule } from './recovery-core.module';
import { RecoveryLimitsService } from './recovery-limits.service';
import { RecoveryPurgeService } from './recovery-purge.service';
import { CheckResetTokenUseCase } from './use-cases/check-reset-token.use-case';
import { GetRecoveryFlowUseCase } from './use-cases/get-recovery-flow.use-case';
import { RecoverLoginUseCase } from './use-cases/recover-login.use-case';
import { ResetPasswordUseCase } from './use-cases/reset-password.use-case';
import { RequestPasswordResetUseCase } from './use-cases/request-password-reset.use-case';
import { SendSmsCodeUseCase } from './use-cases/send-sms-code.use-case';
import { VerifySmsCodeUseCase } from './use-cases/verify-sms-code.use-case';

const USE_CASES = [RequestPasswordResetUseCase, CheckResetTokenUseCase, ResetPasswordUseCase, GetRecoveryFlowUseCase, SendSmsCodeUseCase, VerifySmsCodeUseCase, RecoverLoginUseCase];

/**
 * Recovery flows. Use cases are exported for the web pages; ResetTokensService (admin reset
 * links) and RecoveryRevocation come from the global RecoveryCoreModule, re-exported here.
 */
@Module({
  imports: [RecoveryCoreModule],
  controllers: [RecoveryController, PasswordResetController],
  providers: [RecoveryLimitsService, DecoyPhoneCountries, RecoveryPurgeService, ...USE_CASES],
  exports: [RecoveryCoreModule, RecoveryLimitsService, RecoveryPurgeService, ...USE_CASES],
})
export class RecoveryModule {}
