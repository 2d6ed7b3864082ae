import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { Test, TestingModuleBuilder } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
import { AppLogger } from '../../src/common/logging/app-logger';
import { createLogger } from '../../src/common/logging/logger';
import { Clock } from '../../src/common/time/clock';
import { AppConfig } from '../../src/config/app-config';
import { Env, loadConfig } from '../../src/config/load-config';
import { FakeClock } from '../fakes/fake-clock';
import { createTestDatabase, TestDatabase } from './test-database';

export const TEST_ADMIN = { realm: 'demo', login: 'admin', password: 'Admin-Password-2026-long' };

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  clock: FakeClock;
  db: TestDatabase;
  dataSource: DataSource;
  http: () => ReturnType<typeof request>;
  get<T>(token: abstract new (...args: never[]) => T): T;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Extra environment variables (merged over the test defaults). */
  env?: Env;
  clock?: FakeClock;
  /** Override providers (e.g. a fake captcha or notifier). */
  configure?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
  /** Extra modules mounted beside the app (test fixtures). */
  extraModules?: Array<new () => unknown>;
  /** Reuse an existing database instead of a fresh one. */
  db?: TestDatabase;
}

/** The real application on a fresh database, with a fake clock; what every HTTP test starts from. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.db ?? (await createTestDatabase());
  const env: Env = {
    NODE_ENV: 'test',
    APP_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PUBLIC_URL: 'http://localhost:3000',
    DATABASE_URL: db.url,
    BOOTSTRAP_ADMIN_PASSWORD: TEST_ADMIN.password,
    // High enough that no ordinary test is throttled; throttling tests set their own limits.
    THROTTLE_LOGIN_LIMIT: '10000',
    THROTTLE_LOGIN_ID_LIMIT: '10000',
    THROTTLE_RECOVERY_LIMIT: '10000',
    ...options.env,
  };
  const config = loadConfig(env);
  const clock = options.clock ?? new FakeClock();
  const logger = new AppLogger(createLogger(config.logLevel));
  let builder = Test.createTestingModule({ imports: [AppModule.forRoot(config, logger), ...(options.extraModules ?? [])] }).overrideProvider(Clock).useValue(clock);
  if (options.configure) builder = options.configure(builder);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, logger });
  configureApp(app, config);
  await app.init();
  const dataSource = app.get(DataSource);
  let closed = false;
  return {
    app,
    config,
    clock,
    db,
    dataSource,
    http: () => request(app.getHttpServer()),
    get: (token) => app.get(token as never),
    close: async () => {
      if (closed) return;
      closed = true;
      await app.close();
      if (!options.db) await db.drop();
    },
  };
}
