import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessRequestsModule } from '../access-requests/access-requests.module';
import { AdminModule } from '../admin/admin.module';
import { SecondFactorStep } from '../auth/second-factor.port';
import { AdminMfaController } from './admin-mfa.controller';
import { MfaEnrolmentService } from './enrolment/mfa-enrolment.service';
import { MfaChallengeEntity } from './entities/mfa-challenge.entity';
import { PasskeyEntity } from './entities/passkey.entity';
import { RecoveryCodeEntity } from './entities/recovery-code.entity';
import { TotpFactorEntity } from './entities/totp-factor.entity';
import { ReportLostFactorUseCase } from './lost-factor/report-lost-factor.use-case';
import { ResetMfaUseCase } from './lost-factor/reset-mfa.use-case';
import { MeMfaController } from './me-mfa.controller';
import { MfaAuthController } from './mfa-auth.controller';
import { MfaChallengesService } from './mfa-challenges.service';
import { MfaFactorsService } from './mfa-factors.service';
import { PasskeysService } from './passkeys/passkeys.service';
import { RecoveryCodesService } from './recovery-codes/recovery-codes.service';
import { MfaSignInService } from './sign-in/mfa-sign-in.service';
import { PasskeySignInService } from './sign-in/passkey-sign-in.service';
import { SecondFactorStartService } from './sign-in/second-factor-start.service';
import { TotpService } from './totp/totp.service';

const EXPORTED = [MfaFactorsService, MfaEnrolmentService, MfaSignInService, PasskeySignInService, ReportLostFactorUseCase, ResetMfaUseCase, PasskeysService];

/**
 * Second factor (TOTP, passkeys, recovery codes) behind the auth module. Global because sign-in
 * (auth) hands off to it through the SecondFactorStep port.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([TotpFactorEntity, PasskeyEntity, RecoveryCodeEntity, MfaChallengeEntity]), AccessRequestsModule, AdminModule],
  controllers: [MfaAuthController, MeMfaController, AdminMfaController],
  providers: [TotpService, RecoveryCodesService, MfaChallengesService, SecondFactorStartService, ...EXPORTED, { provide: SecondFactorStep, useExisting: SecondFactorStartService }],
  exports: [...EXPORTED, SecondFactorStep],
})
export class MfaModule {}
