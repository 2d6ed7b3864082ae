import type { NoticeName } from '../notifications.port';

/**
 * An e-mail template. Strings hold `{placeholders}`; the renderer fills them, HTML-escaping every
 * value in the HTML part. Paragraphs become `<p>` in HTML and blank-line-separated text.
 */
export interface EmailTemplate {
  subject: string;
  paragraphs: string[];
  /** A call to action: a button in HTML, "label: url" in text. */
  action?: { label: string; url: string };
}

/** Every channel's template for one notice in one locale. */
export interface NoticeTemplate {
  email: EmailTemplate;
  /** Short plain text; names the service so the recipient knows who writes. */
  sms: string;
}

/** One locale's texts: every notice, plus the frame every e-mail shares. */
export interface LocaleTemplates {
  /** First paragraph of every e-mail. */
  greeting: string;
  /** Last paragraph of every e-mail. */
  signature: string;
  /** Words for the `contact` param of `contact-changed`. */
  contactNames: Record<'email' | 'phone', string>;
  notices: Record<NoticeName, NoticeTemplate>;
}
