import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Test } from '@nestjs/testing';
import { AuditModule } from '../../src/audit/audit.module';
import { CoreModule } from '../../src/common/core.module';
import { AppLogger } from '../../src/common/logging/app-logger';
import { createLogger } from '../../src/common/logging/logger';
import { ConfigModule } from '../../src/config/config.module';
import { loadConfig } from '../../src/config/load-config';
import { DatabaseModule } from '../../src/database/database.module';
import { HealthModule } from '../../src/health/health.module';
import { NotificationsModule } from '../../src/notifications/notifications.module';
import { OutboxWorkerOptions } from '../../src/notifications/outbox/outbox-worker.options';
import { RealmsModule } from '../../src/realms/realms.module';
import { UsersModule } from '../../src/users/users.module';
import { createTestDatabase } from '../helpers/test-database';

describe('NotificationsModule.forRoot', () => {
  it('configures the worker (poll interval, batch size) in place of the defaults', async () => {
    const db = await createTestDatabase();
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url, APP_SECRET: 'x'.repeat(40), LOG_LEVEL: 'silent' });
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(config),
        CoreModule.forRoot(new AppLogger(createLogger('silent'))),
        DatabaseModule,
        AuditModule,
        RealmsModule,
        UsersModule,
        HealthModule,
        NotificationsModule.forRoot({ pollIntervalMs: 0, batchSize: 3 }),
      ],
    }).compile();
    try {
      const options = moduleRef.get(OutboxWorkerOptions);
      assert.equal(options.pollIntervalMs, 0);
      assert.equal(options.batchSize, 3);
      assert.equal(options.leaseMs, new OutboxWorkerOptions().leaseMs);
    } finally {
      await moduleRef.close();
      await db.drop();
    }
  });
});
