import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CaptchaController } from './captcha.controller';
import { CaptchaVerifier } from './captcha-verifier.port';
import { CaptchaEntity } from './entities/captcha.entity';
import { SvgCaptchaVerifier } from './svg-captcha.verifier';

/** Image captchas. Another provider replaces the built-in one by changing the `CaptchaVerifier` line. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([CaptchaEntity])],
  controllers: [CaptchaController],
  providers: [{ provide: CaptchaVerifier, useClass: SvgCaptchaVerifier }],
  exports: [CaptchaVerifier],
})
export class CaptchaModule {}
