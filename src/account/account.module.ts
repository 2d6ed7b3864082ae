import { Module } from '@nestjs/common';
import { MeController } from './me.controller';
import { GetOwnAccountUseCase } from './use-cases/get-own-account.use-case';
import { UpdateOwnAccountUseCase } from './use-cases/update-own-account.use-case';

/** The signed-in user's own account (`/me`); contact confirmation lives in the verification module. */
@Module({
  controllers: [MeController],
  providers: [GetOwnAccountUseCase, UpdateOwnAccountUseCase],
  exports: [GetOwnAccountUseCase, UpdateOwnAccountUseCase],
})
export class AccountModule {}
