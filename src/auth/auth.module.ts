import { Global, Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthController } from './auth.controller';
import { SessionEntity } from './entities/session.entity';
import { SessionCache } from './session-cache/session-cache';
import { SessionGuard } from './session.guard';
import { AccountLockoutService } from './lockout/account-lockout.service';
import { LocalAuthGuard } from './passport/local-auth.guard';
import { LocalStrategy } from './passport/local.strategy';
import { AccountLockout, Sessions } from './sessions.port';
import { SessionsService } from './sessions.service';
import { UserSessionsEnded } from './user-sessions-ended';
import { ChangePasswordUseCase } from './use-cases/change-password.use-case';
import { SessionCheckFastPath } from './session-check.fast-path';
import { LoginUseCase } from './use-cases/login.use-case';
import { LogoutUseCase } from './use-cases/logout.use-case';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([SessionEntity]), PassportModule.register({ session: false })],
  controllers: [AuthController],
  providers: [
    SessionsService,
    UserSessionsEnded,
    SessionCache,
    { provide: Sessions, useExisting: SessionsService },
    AccountLockoutService,
    { provide: AccountLockout, useExisting: AccountLockoutService },
    SessionGuard,
    SessionCheckFastPath,
    LoginUseCase,
    ChangePasswordUseCase,
    LogoutUseCase,
    LocalStrategy,
    LocalAuthGuard,
  ],
  exports: [SessionCheckFastPath, SessionsService, UserSessionsEnded, Sessions, AccountLockout, AccountLockoutService, SessionGuard, LoginUseCase, ChangePasswordUseCase, LogoutUseCase, LocalAuthGuard],
})
export class AuthModule {}
