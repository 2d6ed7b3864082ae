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
        // Two hashes per core in flight on the whole host (19 MiB each), shared by the cluster's workers.
        { provide: PasswordHasher, inject: [AppConfig], useFactory: (config: AppConfig) => new Argon2PasswordHasher(ARGON2_PARAMS, argon2Concurrency(config)) },
        SecretBox,
      ],
      exports: [AppLogger, Clock, RandomSource, PasswordHasher, SecretBox],
    };
  }
}

/**
 * One process keeps today's four hashes in flight on two cores (the libuv pool's size): fewer
 * measurably lowered sign-ins a second when the cores are shared. Under node:cluster the same
 * total is split between the workers, instead of every worker running a pool's worth.
 */
export function argon2Concurrency(config: AppConfig): number {
  return Math.max(1, Math.ceil((2 * availableParallelism()) / config.cluster.workers));
}
