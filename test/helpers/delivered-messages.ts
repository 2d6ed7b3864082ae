/**
 * What the notifications module delivered, for HTTP tests of any module.
 *
 * The test app runs with the `log` e-mail and SMS providers (the defaults). Every notice a use
 * case queues sits in the outbox until the delivery worker sends it; `deliveredMessages` runs the
 * worker until nothing is due (`OutboxWorker.drain()`), then returns what the `log` channel
 * delivered, oldest first, rendered exactly as a recipient would get it:
 *
 *   await t.http().post('/api/v1/realms/demo/recovery/password').send({ login, email }).expect(202);
 *   const [mail] = await deliveredMessages(t, { to: 'ann@example.org', notice: 'reset-link' });
 *   const link = linkIn(mail);              // http://localhost:3000/realms/demo/reset-password?token=…
 *   const code = codeIn(sms);               // the 6-digit code of a confirmation-code SMS
 *
 * Messages delivered earlier stay in the list (the log channel keeps the last 200 in memory);
 * filter by `to`/`notice`, take the last one, or call `clearDeliveredMessages(t)` between cases.
 * With a `FakeClock`, a message waiting for a retry is delivered once the clock reaches it.
 */
import { RecentMessages } from '../../src/notifications/channels/log/recent-messages';
import { OutboxWorker } from '../../src/notifications/outbox/outbox.worker';
import type { TestApp } from './test-app';

export interface DeliveredMessage {
  /** `email` or `sms`. */
  channel: string;
  to: string;
  notice: string;
  locale: string;
  /** E-mail only. */
  subject?: string;
  /** The e-mail's text part, or the SMS. */
  text: string;
  /** E-mail only. */
  html?: string;
}

export interface DeliveredFilter {
  to?: string;
  notice?: string;
  channel?: string;
}

/** Delivers every due notice, then lists what the `log` channel delivered (oldest first). */
export async function deliveredMessages(t: TestApp, filter: DeliveredFilter = {}): Promise<DeliveredMessage[]> {
  await t.get(OutboxWorker).drain();
  return t
    .get(RecentMessages)
    .list()
    .filter((m) => (filter.to === undefined || m.to === filter.to) && (filter.notice === undefined || m.notice === filter.notice) && (filter.channel === undefined || m.channel === filter.channel))
    .map(({ channel, to, notice, locale, subject, text, html }) => ({ channel, to, notice, locale, subject, text, html }));
}

/** The most recent matching message, or undefined. */
export async function lastDeliveredMessage(t: TestApp, filter: DeliveredFilter = {}): Promise<DeliveredMessage | undefined> {
  const all = await deliveredMessages(t, filter);
  return all[all.length - 1];
}

/** Forgets what was delivered so far (the outbox itself is untouched). */
export function clearDeliveredMessages(t: TestApp): void {
  t.get(RecentMessages).clear();
}

/** The first http(s) link in a message's text, or undefined. */
export function linkIn(message: Pick<DeliveredMessage, 'text'>): string | undefined {
  return message.text.match(/https?:\/\/[^\s)]+/)?.[0];
}

/** The first run of 6 digits in a message's text (a confirmation code), or undefined. */
export function codeIn(message: Pick<DeliveredMessage, 'text'>): string | undefined {
  return message.text.match(/(?<!\d)\d{6}(?!\d)/)?.[0];
}
