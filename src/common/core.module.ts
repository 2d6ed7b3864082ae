import { DynamicModule, Global, Module } from '@nestjs/common';
import { availableParallelism } from 'node:os';
import { AppConfig } from '../config/app-config';
import { ARGON2_PARAMS, Argon2PasswordHasher } from '../password-policy/argon2-password.hasher';
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
        // At most a core's worth of hashes in flight per process (+1 to keep the cores fed): 19 MiB each.
        { provide: PasswordHasher, inject: [AppConfig], useFactory: (config: AppConfig) => new Argon2PasswordHasher(ARGON2_PARAMS, Math.ceil(availableParallelism() / config.cluster.workers) + 1) },
        SecretBox,
      ],
      exports: [AppLogger, Clock, RandomSource, PasswordHasher, SecretBox],
    };
  }
}
