import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessRequestsService } from './access-requests.service';
import { AccessRequestEntity } from './entities/access-request.entity';

/** Access requests: opened by recovery, listed and resolved by the admin module. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AccessRequestEntity])],
  providers: [AccessRequestsService],
  exports: [AccessRequestsService],
})
export class AccessRequestsModule {}
