import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RecoveryFlowEntity } from './entities/recovery-flow.entity';
import { ResetTokenEntity } from './entities/reset-token.entity';
import { PasswordResetController } from './password-reset.controller';
import { RecoveryController } from './recovery.controller';
import { RecoveryFlowsService } from './recovery-flows.service';
import { RecoveryPurgeService } from './recovery-purge.service';
import { ResetTokensService } from './reset-tokens.service';
import { CheckResetTokenUseCase } from './use-cases/check-reset-token.use-case';
import { GetRecoveryFlowUseCase } from './use-cases/get-recovery-flow.use-case';
import { RecoverLoginUseCase } from './use-cases/recover-login.use-case';
import { ResetPasswordUseCase } from './use-cases/reset-password.use-case';
import { RequestPasswordResetUseCase } from './use-cases/request-password-reset.use-case';
import { SendSmsCodeUseCase } from './use-cases/send-sms-code.use-case';
import { VerifySmsCodeUseCase } from './use-cases/verify-sms-code.use-case';

const USE_CASES = [RequestPasswordResetUseCase, CheckResetTokenUseCase, ResetPasswordUseCase, GetRecoveryFlowUseCase, SendSmsCodeUseCase, VerifySmsCodeUseCase, RecoverLoginUseCase];

/** Recovery flows. Use cases are exported for the web pages; ResetTokensService for admin reset links. */
@Module({
  imports: [TypeOrmModule.forFeature([RecoveryFlowEntity, ResetTokenEntity])],
  controllers: [RecoveryController, PasswordResetController],
  providers: [RecoveryFlowsService, ResetTokensService, RecoveryPurgeService, ...USE_CASES],
  exports: [ResetTokensService, RecoveryPurgeService, ...USE_CASES],
})
export class RecoveryModule {}
