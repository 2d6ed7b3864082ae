import { Module } from '@nestjs/common';
import { AccountModule } from '../account/account.module';
import { AdminModule } from '../admin/admin.module';
import { VerificationModule } from '../verification/verification.module';
import { CaptchaModule } from '../captcha/captcha.module';
import { RecoveryModule } from '../recovery/recovery.module';
import { RecoveryPagesController } from './recovery-pages.controller';
import { AdminPagesController } from './admin-pages.controller';
import { AccountController } from './account.controller';
import { AssetsController } from './assets.controller';
import { CsrfGuard } from './csrf.guard';
import { MfaPagesController } from './mfa-pages.controller';
import { SignInController } from './sign-in.controller';
import { WebContextService } from './web-context';
import { WebExceptionFilter } from './web-exception.filter';
import { WebRootController } from './web-root.controller';
import { AccountSessionsPagesController } from '../security-centre/web/account-sessions-pages.controller';
import { LogoPagesController } from '../security-centre/web/logo-pages.controller';

/** Server-rendered pages for people, on the same use cases as the REST API. */
@Module({
  imports: [AccountModule, AdminModule, VerificationModule, RecoveryModule, CaptchaModule],
  controllers: [AssetsController, WebRootController, SignInController, AccountController, AdminPagesController, RecoveryPagesController, AccountSessionsPagesController, LogoPagesController, MfaPagesController],
  providers: [WebContextService, CsrfGuard, WebExceptionFilter],
})
export class WebModule {}
