import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { AccessRequestsModule } from './access-requests/access-requests.module';
import { AccountModule } from './account/account.module';
import { AdminModule } from './admin/admin.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { AppThrottlerGuard } from './auth/throttle/app-throttler.guard';
import { ThrottleModule } from './auth/throttle/throttle.module';
import { CaptchaModule } from './captcha/captcha.module';
import { CoreModule } from './common/core.module';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { AppLogger } from './common/logging/app-logger';
import { StrictValidationPipe } from './common/validation/validation.pipe';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { MfaModule } from './mfa/mfa.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OidcModule } from './oidc/oidc.module';
import { PasswordPolicyModule } from './password-policy/password-policy.module';
import { RealmGuard } from './realms/realm.guard';
import { RecoveryModule } from './recovery/recovery.module';
import { RealmsModule } from './realms/realms.module';
import { UsersModule } from './users/users.module';
import { VerificationModule } from './verification/verification.module';
import { SecurityCentreModule } from './security-centre/security-centre.module';
import { WebModule } from './web/web.module';

/** The whole service. Feature modules are listed in `imports`. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: AppLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        CoreModule.forRoot(logger),
        DatabaseModule,
        AuditModule,
        RealmsModule,
        UsersModule,
        HealthModule,
        NotificationsModule,
        PasswordPolicyModule,
        ThrottleModule,
        AuthModule,
        MfaModule,
        AdminModule,
        AccountModule,
        VerificationModule,
        CaptchaModule,
        AccessRequestsModule,
        RecoveryModule,
        WebModule,
        SecurityCentreModule,
        OidcModule,
      ],
      providers: [
        // Guard order matters: the realm is resolved before throttling and sessions.
        { provide: APP_GUARD, useExisting: RealmGuard },
        { provide: APP_GUARD, useExisting: AppThrottlerGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_PIPE, useClass: StrictValidationPipe },
      ],
    };
  }
}
