import type { Logger } from 'pino';
import { maskEmail } from '../../../common/logging/logger';
import { DeliveryReceipt, NotifierPort, RenderedMessage } from '../../notifier.port';
import { RecentMessages } from './recent-messages';

export interface LogNotifierOptions {
  /**
   * Print the whole message (links, codes) to the log. The development channel's purpose; off in
   * production, where a log line must not carry a secret (only who/what is logged then).
   */
  printContent: boolean;
}

/** The development channel: "delivers" by writing the message to the log and to `RecentMessages`. */
export class LogNotifier extends NotifierPort {
  readonly provider = 'log';

  constructor(
    readonly channel: string,
    private readonly logger: Logger,
    private readonly recent: RecentMessages,
    private readonly options: LogNotifierOptions,
  ) {
    super();
  }

  async send(message: RenderedMessage): Promise<DeliveryReceipt> {
    this.recent.add({ ...message, deliveredAt: new Date() });
    const meta = { channel: this.channel, notice: message.notice, messageId: message.id };
    if (this.options.printContent) {
      this.logger.info({ ...meta, to: message.to, subject: message.subject, text: message.text }, `${this.channel} message (log provider)`);
    } else {
      this.logger.info({ ...meta, to: message.to.includes('@') ? maskEmail(message.to) : `${message.to.slice(0, 4)}***` }, `${this.channel} message (log provider, content withheld)`);
    }
    return { providerMessageId: `log-${message.id}` };
  }
}
