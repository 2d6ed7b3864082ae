import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminModule } from '../admin/admin.module';
import { SessionEntity } from '../auth/entities/session.entity';
import { AdminRealmLogoController, RealmBrandingController } from './branding.controller';
import { KnownDeviceEntity } from './entities/known-device.entity';
import { KnownDevicesPurgeService } from './known-devices-purge.service';
import { RealmLogoEntity } from './entities/realm-logo.entity';
import { MySessionsController } from './my-sessions.controller';
import { MySessionsService } from './my-sessions.service';
import { RealmLogoService } from './realm-logo.service';
import { SignInAlertsService } from './sign-in-alerts.service';

/**
 * Account security centre (own sessions, new-device alerts) and realm branding (logo, colour
 * theme). Global: sign-in calls SignInAlertsService where it issues a session.
 */
@Global()
@Module({
  imports: [AdminModule, TypeOrmModule.forFeature([SessionEntity, KnownDeviceEntity, RealmLogoEntity])],
  controllers: [MySessionsController, AdminRealmLogoController, RealmBrandingController],
  providers: [SignInAlertsService, MySessionsService, RealmLogoService, KnownDevicesPurgeService],
  exports: [SignInAlertsService, MySessionsService, RealmLogoService],
})
export class SecurityCentreModule {}
