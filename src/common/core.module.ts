import { DynamicModule, Global, Module } from '@nestjs/common';
import { availableParallelism } from 'node:os';
import { AppConfig } from '../config/app-config';
import { ARGON2_PARAMS, Argon2PasswordHasher } from '../password-policy/argon2-password.hasher';
import { PasswordHasher } from '../password-policy/password-hasher.port';
import { CryptoRandomSource, RandomSource } from './crypto/random-source';
import { SecretBox } from './crypto/secret-box';
import { IdleCollector, idleCollector } from './lifecycle/idle-collector';
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
        {
          provide: IdleCollector,
          inject: [AppConfig],
          useFactory: (config: AppConfig) => idleCollector(config.idleGcSeconds, (fields) => logger.pino.debug(fields, 'idle: full garbage collection')),
        },
        // Two hashes per core in flight on the whole host (19 MiB each), shared by the cluster's workers.
        { provide: PasswordHasher, inject: [AppConfig], useFactory: (config: AppConfig) => new Argon2PasswordHasher(ARGON2_PARAMS, argon2Concurrency(config)) },
        SecretBox,
      ],
      exports: [IdleCollector, AppLogger, Clock, RandomSource, PasswordHasher, SecretBox],
    };
  }
}

/**
 * One hash in flight per core on the whole host, split between node:cluster workers. argon2id is
 * memory-hard: with four 19 MiB hashes on two cores each cost ~14.7 ms of CPU against ~12.7 ms
 * with two (cache contention), and the request thread waited behind them; measured on a quiet
 * 2-core machine, one process: 103 sign-ins a second with 2 in flight, 98 with 4, p99 217 against
 * 277 ms (docs/benchmarks.md). Waiting sign-ins queue first come first served, known and unknown alike.
 */
export function argon2Concurrency(config: AppConfig): number {
  return Math.max(1, Math.ceil(availableParallelism() / config.cluster.workers));
}
