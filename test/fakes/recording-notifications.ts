import { Notifications, NoticeRequest } from '../../src/notifications/notifications.port';

/** Records every queued notice (secrets included) for unit tests. */
export class RecordingNotifications extends Notifications {
  readonly queued: NoticeRequest[] = [];
  async queue(request: NoticeRequest): Promise<void> {
    this.queued.push(structuredClone(request));
  }
  last(notice?: NoticeRequest['notice']): NoticeRequest | undefined {
    return [...this.queued].reverse().find((n) => !notice || n.notice === notice);
  }
  clear(): void {
    this.queued.length = 0;
  }
}
