import { TestingModuleBuilder } from '@nestjs/testing';
import { Env } from '../../src/config/load-config';
import { NoticeRequest, Notifications } from '../../src/notifications/notifications.port';
import { OutboxMessageEntity } from '../../src/notifications/outbox/outbox-message.entity';
import { OutboxWorkerOptions } from '../../src/notifications/outbox/outbox-worker.options';
import { RealmsService } from '../../src/realms/realms.service';
import { createTestApp, TestApp } from '../helpers/test-app';
import { TestDatabase } from '../helpers/test-database';

/** Shared set-up of the notifications e2e specs. */
export class NotificationTestKit {
  /** A test app whose worker runs only when the test says (`drain`/`runOnce`), unless `pollIntervalMs` is given. */
  static async app(env: Env = {}, options: { db?: TestDatabase; pollIntervalMs?: number; extraModules?: Array<new () => unknown> } = {}): Promise<TestApp> {
    const workerOptions = Object.assign(new OutboxWorkerOptions(), { pollIntervalMs: options.pollIntervalMs ?? 0 });
    return createTestApp({
      env,
      db: options.db,
      extraModules: options.extraModules,
      configure: (b: TestingModuleBuilder) => b.overrideProvider(OutboxWorkerOptions).useValue(workerOptions),
    });
  }

  static async demoRealmId(t: TestApp): Promise<string> {
    return (await t.get(RealmsService).findBySlug('demo'))!.id;
  }

  /** A reset-link e-mail notice for `to`, carrying `link` as its secret. */
  static resetLink(realmId: string, to: string, link: string, locale = 'en'): NoticeRequest {
    return { realmId, userId: null, notice: 'reset-link', channel: 'email', to, locale, params: { ttlSeconds: 3600 }, secrets: { link } };
  }

  static queue(t: TestApp, request: NoticeRequest): Promise<void> {
    return t.get(Notifications).queue(request);
  }

  static rows(t: TestApp): Promise<OutboxMessageEntity[]> {
    return t.dataSource.getRepository(OutboxMessageEntity).find({ order: { createdAt: 'ASC' } });
  }

  static async metric(t: TestApp, line: string): Promise<number> {
    const text = (await t.http().get('/metrics').expect(200)).text;
    const found = text.split('\n').find((l) => l.startsWith(`${line} `));
    return found ? Number(found.slice(line.length + 1)) : 0;
  }
}
