import Bowser from 'bowser';
import { isIPv4, isIPv6 } from 'node:net';

/** Browser family and OS of a User-Agent header, as bowser names them ('' when unknown). */
export interface DeviceKind {
  browser: string;
  os: string;
}

export function deviceKind(userAgent: string | null | undefined): DeviceKind {
  const ua = (userAgent ?? '').trim();
  if (!ua) return { browser: '', os: '' };
  try {
    const parsed = Bowser.parse(ua.slice(0, 512));
    return { browser: parsed.browser.name ?? '', os: parsed.os.name ?? '' };
  } catch {
    return { browser: '', os: '' };
  }
}

const WORDS = {
  en: { on: 'on', unknownBrowser: 'Unknown browser', unknownOs: 'unknown system' },
  ru: { on: 'на', unknownBrowser: 'Неизвестный браузер', unknownOs: 'неизвестной системе' },
} as const;

/** "Chrome on Windows" / "Chrome на Windows". */
export function describeDevice(userAgent: string | null | undefined, locale: string): string {
  const w = locale === 'ru' ? WORDS.ru : WORDS.en;
  const { browser, os } = deviceKind(userAgent);
  return `${browser || w.unknownBrowser} ${w.on} ${os || w.unknownOs}`;
}

/**
 * The network an address belongs to for "seen device" purposes: IPv4 /24, IPv6 /48 (an
 * IPv4-mapped IPv6 address counts as IPv4). Anything else is kept as given.
 */
export function networkPrefix(ip: string | null | undefined): string {
  let a = (ip ?? '').trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) a = mapped[1];
  if (isIPv4(a)) return `${a.split('.').slice(0, 3).join('.')}.0/24`;
  if (isIPv6(a)) {
    const groups = expandIPv6(a.replace(/%.*$/, ''));
    return `${groups.slice(0, 3).join(':')}::/48`;
  }
  return a;
}

/** Eight 4-digit groups of an IPv6 address (an embedded IPv4 tail is converted). */
function expandIPv6(a: string): string[] {
  let s = a;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const [p, q, r, t] = v4[1].split('.').map(Number);
    s = s.slice(0, -v4[1].length) + `${((p << 8) | q).toString(16)}:${((r << 8) | t).toString(16)}`;
  }
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const h = head ? head.split(':') : [];
  const t = tail === undefined ? [] : tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array<string>(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((g) => g.padStart(4, '0'));
}
