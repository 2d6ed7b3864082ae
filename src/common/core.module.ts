import { DynamicModule, Global, Module } from '@nestjs/common';
import { Argon2PasswordHasher } from '../password-policy/argon2-password.hasher';
import { PasswordHasher } from '../password-policy/password-hasher.port';
import { CryptoRandomSource, RandomSource } from './crypto/random-source';
import { SecretBox } from './crypto/secret-box';
import { AppLogger } from './logging/app-logger';
import { Clock, SystemClock } from './time/clock';

/** Cross-cutting ports with their production adapters; tests override Clock and RandomSource. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(logger: AppLogger): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: AppLogger, useValue: logger },
        { provide: Clock, useClass: SystemClock },
        { provide: RandomSource, useClass: CryptoRandomSource },
        { provide: PasswordHasher, useFactory: () => new Argon2PasswordHasher() },
        SecretBox,
      ],
      exports: [AppLogger, Clock, RandomSource, PasswordHasher, SecretBox],
    };
  }
}
