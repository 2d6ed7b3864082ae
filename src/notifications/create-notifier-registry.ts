import type { Logger } from 'pino';
import { AppConfig } from '../config/app-config';
import { LogNotifier } from './channels/log/log.notifier';
import { RecentMessages } from './channels/log/recent-messages';
import type { SendgridEmailNotifier } from './channels/sendgrid/sendgrid-email.notifier';
import type { SmtpEmailNotifier } from './channels/smtp/smtp-email.notifier';
import type { TwilioSmsNotifier } from './channels/twilio/twilio-sms.notifier';
import { WebhookNotifier } from './channels/webhook/webhook.notifier';
import { NotifierPort } from './notifier.port';
import { NotifierRegistry } from './notifier-registry';

interface ChannelDeps {
  config: AppConfig;
  logger: Logger;
  recent: RecentMessages;
}

/**
 * Provider name → how to build its notifier for a channel. A new provider is one class
 * implementing `NotifierPort` plus one line here (and its settings in config/). The
 * config has already checked that the selected provider's settings are present.
 */
/*
 * The SDKs (twilio, @sendgrid/*, nodemailer: ~40 MB together) are loaded only for the provider
 * actually selected, when its notifier is built.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const sendgrid = (): typeof SendgridEmailNotifier => (require('./channels/sendgrid/sendgrid-email.notifier') as typeof import('./channels/sendgrid/sendgrid-email.notifier')).SendgridEmailNotifier;
const smtp = (): typeof SmtpEmailNotifier => (require('./channels/smtp/smtp-email.notifier') as typeof import('./channels/smtp/smtp-email.notifier')).SmtpEmailNotifier;
const twilio = (): typeof TwilioSmsNotifier => (require('./channels/twilio/twilio-sms.notifier') as typeof import('./channels/twilio/twilio-sms.notifier')).TwilioSmsNotifier;
/* eslint-enable @typescript-eslint/no-require-imports */

const PROVIDERS: Record<string, (channel: string, d: ChannelDeps) => NotifierPort> = {
  log: (channel, d) => new LogNotifier(channel, d.logger, d.recent, { printContent: !d.config.isProduction }),
  sendgrid: (_channel, { config }) =>
    new (sendgrid())({ apiKey: config.email.sendgridApiKey!, apiUrl: config.email.sendgridApiUrl, from: config.email.from, timeoutMs: config.notify.timeoutMs }),
  smtp: (_channel, { config }) => new (smtp())({ url: config.email.smtpUrl!, from: config.email.from, timeoutMs: config.notify.timeoutMs }),
  twilio: (_channel, { config }) =>
    new (twilio())({
      accountSid: config.sms.twilioAccountSid!,
      authToken: config.sms.twilioAuthToken!,
      from: config.sms.twilioFrom!,
      apiUrl: config.sms.twilioApiUrl,
      timeoutMs: config.notify.timeoutMs,
    }),
  webhook: (channel, { config }) => new WebhookNotifier(channel, { url: config.webhook.url!, secret: config.webhook.secret!, timeoutMs: config.notify.timeoutMs }),
};

/** Builds the notifier of each channel from `EMAIL_PROVIDER` and `SMS_PROVIDER`. */
export function createNotifierRegistry(config: AppConfig, logger: Logger, recent: RecentMessages): NotifierRegistry {
  const deps = { config, logger, recent };
  const selected: Array<[channel: string, provider: string]> = [
    ['email', config.email.provider],
    ['sms', config.sms.provider],
  ];
  return new NotifierRegistry(
    selected.map(([channel, provider]) => {
      const build = PROVIDERS[provider];
      if (!build) throw new Error(`Unknown ${channel} provider "${provider}"`);
      const notifier = build(channel, deps);
      if (notifier.channel !== channel) throw new Error(`Provider "${provider}" cannot serve the ${channel} channel`);
      return notifier;
    }),
  );
}
