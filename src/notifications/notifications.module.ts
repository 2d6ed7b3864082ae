import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppLogger } from '../common/logging/app-logger';
import { AppConfig } from '../config/app-config';
import { RecentMessages } from './channels/log/recent-messages';
import { createNotifierRegistry } from './create-notifier-registry';
import { DevOutboxController } from './dev/dev-outbox.controller';
import { NotifierRegistry } from './notifier-registry';
import { Notifications } from './notifications.port';
import { OutboxMessageEntity } from './outbox/outbox-message.entity';
import { OutboxNotifications } from './outbox/outbox.notifications';
import { OutboxStore } from './outbox/outbox.store';
import { OutboxWorker } from './outbox/outbox.worker';
import { OutboxWorkerOptions } from './outbox/outbox-worker.options';
import { NoticeRenderer } from './templates/notice.renderer';

/** How many delivered messages the log channel keeps for `/dev/outbox` and tests. */
const RECENT_MESSAGES = 200;

/**
 * Notices through a transactional outbox, delivered by a worker through the channel chosen by
 * EMAIL_PROVIDER / SMS_PROVIDER. Other modules inject `Notifications` only.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([OutboxMessageEntity])],
  controllers: [DevOutboxController],
  providers: [
    // Under node:cluster only the first worker polls (any instance may; one per host is enough).
    { provide: OutboxWorkerOptions, inject: [AppConfig], useFactory: (config: AppConfig) => Object.assign(new OutboxWorkerOptions(), config.cluster.workerIndex === 0 ? {} : { pollIntervalMs: 0 }) },
    // Production keeps no copies of delivered messages in memory: they hold links and codes.
    { provide: RecentMessages, inject: [AppConfig], useFactory: (config: AppConfig) => new RecentMessages(config.isProduction ? 0 : RECENT_MESSAGES) },
    {
      provide: NotifierRegistry,
      inject: [AppConfig, AppLogger, RecentMessages],
      useFactory: (config: AppConfig, logger: AppLogger, recent: RecentMessages) => createNotifierRegistry(config, logger.pino, recent),
    },
    NoticeRenderer,
    OutboxStore,
    OutboxWorker,
    OutboxNotifications,
    { provide: Notifications, useExisting: OutboxNotifications },
  ],
  exports: [Notifications, OutboxWorker, RecentMessages, NotifierRegistry, NoticeRenderer],
})
export class NotificationsModule {
  /** The module with worker options of your own (e.g. `{ pollIntervalMs: 0 }` to deliver only on `drain()`). */
  static forRoot(options: Partial<OutboxWorkerOptions> = {}): DynamicModule {
    return {
      module: NotificationsModule,
      providers: [{ provide: OutboxWorkerOptions, useValue: Object.assign(new OutboxWorkerOptions(), options) }],
    };
  }
}
