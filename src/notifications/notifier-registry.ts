import { OnApplicationShutdown } from '@nestjs/common';
import { NotifierPort } from './notifier.port';

/** The configured notifier for each channel (one provider serves a channel at a time). */
export class NotifierRegistry implements OnApplicationShutdown {
  private readonly byChannel = new Map<string, NotifierPort>();

  constructor(notifiers: NotifierPort[]) {
    for (const n of notifiers) {
      if (this.byChannel.has(n.channel)) throw new Error(`Two notifiers registered for channel "${n.channel}"`);
      this.byChannel.set(n.channel, n);
    }
  }

  /** The notifier serving `channel`, or undefined when none is configured. */
  forChannel(channel: string): NotifierPort | undefined {
    return this.byChannel.get(channel);
  }

  get channels(): string[] {
    return [...this.byChannel.keys()];
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.byChannel.values()].map((n) => n.close()));
  }
}
