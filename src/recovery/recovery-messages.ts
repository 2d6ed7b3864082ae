import { Locale, t } from '../i18n/i18n';
import type { RealmSettings } from '../realms/realm-settings';

/** Which 202 answer a forgot-password request gets. */
export type PasswordAnswer = 'link_sent' | 'sms_step' | 'uniform';

function help(locale: Locale, settings: RealmSettings): string {
  return settings.supportContact ? t(locale, 'recovery.help_support', { supportContact: settings.supportContact }) : t(locale, 'recovery.help', {});
}

/** The `message` of a 202 forgot-password answer (explicit: the manual's sentence). */
export function passwordAnswerMessage(locale: Locale, answer: PasswordAnswer, settings: RealmSettings): string {
  if (answer === 'link_sent') return t(locale, 'recovery.password_link_sent');
  if (answer === 'sms_step') return t(locale, 'recovery.password_sms_step');
  const parts = [t(locale, 'recovery.password_uniform')];
  if (settings.smsFallback) parts.push(t(locale, 'recovery.sms_hint'));
  parts.push(help(locale, settings));
  return parts.join(' ');
}

/** The one `message` of forgot-login and forgot-both, whatever happened (manual 002's sentence first). */
export function loginAnswerMessage(locale: Locale, settings: RealmSettings): string {
  return `${t(locale, 'recovery.login_sent')} ${help(locale, settings)}`;
}
