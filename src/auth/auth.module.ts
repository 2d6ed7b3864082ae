import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthController } from './auth.controller';
import { SessionEntity } from './entities/session.entity';
import { SessionGuard } from './session.guard';
import { Sessions } from './sessions.port';
import { SessionsService } from './sessions.service';
import { LoginUseCase } from './use-cases/login.use-case';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([SessionEntity])],
  controllers: [AuthController],
  providers: [SessionsService, { provide: Sessions, useExisting: SessionsService }, SessionGuard, LoginUseCase],
  exports: [SessionsService, Sessions, SessionGuard, LoginUseCase],
})
export class AuthModule {}
