import { Global, Injectable, Module } from '@nestjs/common';
import { AppLogger } from '../common/logging/app-logger';
import { Notifications, NoticeRequest } from './notifications.port';

/** Interim adapter until the outbox lands: records that a notice was asked for, never its content. */
@Injectable()
class InterimNotifications extends Notifications {
  constructor(private readonly logger: AppLogger) {
    super();
  }
  async queue(request: NoticeRequest): Promise<void> {
    this.logger.pino.info({ notice: request.notice, channel: request.channel, realmId: request.realmId }, 'notice requested');
  }
}

@Global()
@Module({ providers: [{ provide: Notifications, useClass: InterimNotifications }], exports: [Notifications] })
export class NotificationsModule {}
