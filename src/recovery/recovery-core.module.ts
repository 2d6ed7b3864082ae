import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RecoveryFlowEntity } from './entities/recovery-flow.entity';
import { ResetTokenEntity } from './entities/reset-token.entity';
import { RecoveryFlowsService } from './recovery-flows.service';
import { RecoveryRevocation } from './recovery-revocation';
import { ResetTokensService } from './reset-tokens.service';

/**
 * Recovery's rows and the services other modules may use without importing `RecoveryModule`
 * (which would make a cycle for modules the recovery use cases depend on, such as auth):
 * reset tokens (admin reset links) and `RecoveryRevocation` (a password changed elsewhere).
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([RecoveryFlowEntity, ResetTokenEntity])],
  providers: [RecoveryFlowsService, ResetTokensService, RecoveryRevocation],
  exports: [RecoveryFlowsService, ResetTokensService, RecoveryRevocation],
})
export class RecoveryCoreModule {}
