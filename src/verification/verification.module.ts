import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContactsController } from './contacts.controller';
import { ContactVerificationEntity } from './entities/contact-verification.entity';
import { ConfirmContactUseCase } from './use-cases/confirm-contact.use-case';
import { RequestContactCodeUseCase } from './use-cases/request-contact-code.use-case';

/** Confirming a user's e-mail or phone with a code sent to it. */
@Module({
  imports: [TypeOrmModule.forFeature([ContactVerificationEntity])],
  controllers: [ContactsController],
  providers: [RequestContactCodeUseCase, ConfirmContactUseCase],
  exports: [RequestContactCodeUseCase, ConfirmContactUseCase],
})
export class VerificationModule {}
