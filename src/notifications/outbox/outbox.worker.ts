import { randomUUID } from 'node:crypto';
import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { RandomSource } from '../../common/crypto/random-source';
import { SecretBox } from '../../common/crypto/secret-box';
import { AppLogger } from '../../common/logging/app-logger';
import { Clock } from '../../common/time/clock';
import { AppConfig } from '../../config/app-config';
import { MetricsService } from '../../health/metrics.service';
import { RealmsService } from '../../realms/realms.service';
import { DeliveryError } from '../delivery-error';
import { NotifierRegistry } from '../notifier-registry';
import type { RenderedMessage } from '../notifier.port';
import type { NoticeName } from '../notifications.port';
import { NoticeRenderer } from '../templates/notice.renderer';
import { OutboxMessageEntity } from './outbox-message.entity';
import { OutboxWorkerOptions } from './outbox-worker.options';
import { OutboxStore } from './outbox.store';
import { RetryPolicy } from './retry-policy';

/** A cap on `drain()` so a provider that keeps failing instantly cannot spin it forever. */
const MAX_DRAIN_PASSES = 100;

/**
 * Delivers outbox messages: claims due rows, renders them in the recipient's locale, sends them
 * through the channel's notifier, and records the outcome. Runs on a timer from application
 * bootstrap to shutdown; `runOnce()` / `drain()` deliver on demand (tests, the dev page).
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  /** The last pass started in this process; passes run one after another, never overlapping. */
  private chain: Promise<unknown> = Promise.resolve();
  private busy = 0;
  private catchingUp = false;
  private failing = false;
  private readonly retry: RetryPolicy;

  constructor(
    private readonly store: OutboxStore,
    private readonly registry: NotifierRegistry,
    private readonly renderer: NoticeRenderer,
    private readonly secretBox: SecretBox,
    private readonly realms: RealmsService,
    private readonly audit: AuditService,
    private readonly metrics: MetricsService,
    private readonly clock: Clock,
    random: RandomSource,
    private readonly config: AppConfig,
    private readonly options: OutboxWorkerOptions,
    private readonly logger: AppLogger,
  ) {
    this.retry = new RetryPolicy(config.notify.retryBaseMs, random);
  }

  onApplicationBootstrap(): void {
    if (this.options.pollIntervalMs <= 0) return;
    this.timer = setInterval(() => {
      // A slow pass (provider timeouts) must not pile up passes behind it.
      if (this.busy > 0 || this.catchingUp) return;
      // While the database is away every pass fails: say so once, and once when passes work again.
      this.catchUp().then(
        () => {
          if (this.failing) this.logger.pino.info('outbox passes work again');
          this.failing = false;
        },
        (e: unknown) => {
          if (!this.failing) this.logger.pino.error({ err: errorSummary(e) }, 'outbox pass failed; retrying every poll interval');
          this.failing = true;
        },
      );
    }, this.options.pollIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    // Also ends a catch-up between two passes.
    this.timer = undefined;
    // Let an in-flight pass record its outcomes before the database goes away.
    await this.chain.catch(() => undefined);
  }

  /** One pass: claims up to `batchSize` due messages and delivers them. Resolves to the number claimed. */
  runOnce(): Promise<number> {
    return this.inTurn(async () => {
      const claimed = await this.pass();
      await this.updateQueuedGauge();
      return claimed;
    });
  }

  /**
   * The timer's work: passes one after another while each finds a full batch (a backlog: more
   * notices came in than one pass a poll interval delivers), at most MAX_DRAIN_PASSES in a row,
   * then the queued gauge once. Each pass waits on the database and the providers, so requests
   * are served between passes.
   */
  private async catchUp(): Promise<void> {
    this.catchingUp = true;
    try {
      for (let i = 0; i < MAX_DRAIN_PASSES && this.timer; i++) if ((await this.passInTurn()) < this.options.batchSize) break;
      // Not once stopping: the database may be closing (shutdown waits for the chain, not for this).
      if (this.timer) await this.inTurn(() => this.updateQueuedGauge());
    } finally {
      this.catchingUp = false;
    }
  }

  private passInTurn(): Promise<number> {
    return this.inTurn(() => this.pass());
  }

  /** Runs `work` after everything started before it; shutdown waits for the chain. */
  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    this.busy++;
    const next = this.chain
      .catch(() => undefined)
      .then(work)
      .finally(() => this.busy--);
    this.chain = next;
    return next;
  }

  private async updateQueuedGauge(): Promise<void> {
    this.metrics.notificationsQueued.set(await this.store.countWaiting());
  }

  /** Passes until nothing is due now (messages waiting for a later retry stay). Resolves to the number claimed. */
  async drain(): Promise<number> {
    let total = 0;
    for (let i = 0; i < MAX_DRAIN_PASSES; i++) {
      const n = await this.runOnce();
      total += n;
      if (n === 0) break;
    }
    return total;
  }

  private async pass(): Promise<number> {
    const now = this.clock.now();
    const token = randomUUID();
    const leaseUntil = new Date(now.getTime() + (this.options.leaseMs ?? this.config.notify.leaseMs));
    const rows = await this.store.claimDue(now, this.options.batchSize, leaseUntil, token);
    await Promise.all(rows.map((row) => this.deliver(row, token)));
    return rows.length;
  }

  private async deliver(row: OutboxMessageEntity, token: string): Promise<void> {
    const max = this.config.notify.maxAttempts;
    // A lease that expired on the last allowed attempt (crashed worker): no attempt is left.
    if (row.attempts > max) return this.fail(row, token, 'attempts_exhausted');
    const notifier = this.registry.forChannel(row.channel);
    if (!notifier) return this.fail(row, token, 'no_provider');
    let message: RenderedMessage;
    try {
      message = await this.render(row);
    } catch (e) {
      this.logger.pino.error({ messageId: row.id, notice: row.notice, err: errorSummary(e) }, 'notice could not be rendered');
      return this.fail(row, token, 'render_failed');
    }

    let providerMessageId: string | undefined;
    try {
      ({ providerMessageId } = await withTimeout(notifier.send(message), this.config.notify.timeoutMs));
    } catch (e) {
      const err = e instanceof DeliveryError ? e : new DeliveryError('unexpected_error', true);
      if (!(e instanceof DeliveryError)) this.logger.pino.error({ messageId: row.id, err: errorSummary(e) }, 'notifier threw an unexpected error');
      if (!err.retryable || row.attempts >= max) return this.fail(row, token, err.reason);
      const delay = this.retry.delayMs(row.attempts);
      const now = this.clock.now();
      await this.store.reschedule(row.id, token, new Date(now.getTime() + delay), err.reason, now);
      this.logger.pino.warn({ messageId: row.id, notice: row.notice, channel: row.channel, attempt: row.attempts, reason: err.reason, retryInMs: delay }, 'delivery failed, will retry');
      return;
    }

    // Accepted: from here on the message must never be sent again, whatever else fails.
    this.metrics.notificationsSent.inc({ channel: row.channel });
    const marked = await this.store.markSent(row.id, token, this.clock.now(), providerMessageId);
    if (!marked) this.logger.pino.error({ messageId: row.id }, 'message sent but its lease was lost before it was marked sent');
  }

  private async render(row: OutboxMessageEntity): Promise<RenderedMessage> {
    const realm = await this.realms.findById(row.realmId);
    if (!realm) throw new Error('realm not found');
    const secrets = row.secrets ? (JSON.parse(this.secretBox.decrypt(row.secrets)) as Record<string, string>) : {};
    return this.renderer.render({
      id: row.id,
      notice: row.notice as NoticeName,
      channel: row.channel,
      to: row.recipient,
      locale: row.locale,
      params: row.params,
      secrets,
      realm: { name: realm.settings.displayName, slug: realm.slug, defaultLocale: realm.settings.defaultLocale },
    });
  }

  private async fail(row: OutboxMessageEntity, token: string, reason: string): Promise<void> {
    const details = { messageId: row.id, notice: row.notice, channel: row.channel, attempts: row.attempts, reason };
    const failed = await this.store.markFailed(row.id, token, reason, this.clock.now(), (m) =>
      this.audit.record({ realmId: row.realmId, type: 'notice.failed', userId: row.userId, details }, m),
    );
    if (!failed) return;
    this.metrics.notificationsFailed.inc({ channel: row.channel });
    this.logger.pino.warn(details, 'message failed for good');
  }
}

/** Bounds a provider call; the SDKs get the same timeout so the request itself is aborted too. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(DeliveryError.timeout()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** An error for the log without its message text, which may quote an address or content. */
function errorSummary(e: unknown): { name: string; code?: unknown } {
  return e instanceof Error ? { name: e.name, code: (e as { code?: unknown }).code } : { name: typeof e };
}
