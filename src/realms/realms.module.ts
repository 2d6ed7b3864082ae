import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BootstrapService } from './bootstrap.service';
import { OrganizationEntity } from './entities/organization.entity';
import { RealmEntity } from './entities/realm.entity';
import { RealmGuard } from './realm.guard';
import { RealmsService } from './realms.service';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([RealmEntity, OrganizationEntity])],
  providers: [RealmsService, RealmGuard, BootstrapService],
  exports: [RealmsService, RealmGuard],
})
export class RealmsModule {}
