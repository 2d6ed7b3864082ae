import type { Locale } from '../../i18n/i18n';

/**
 * Russian needs the grammatical case: nominative for «срок действия — 2 часа», genitive after
 * «в течение» («в течение 1 часа», «в течение 2 часов»). English has one form for both.
 */
export type DurationCase = 'nominative' | 'genitive';

type Forms = [one: string, few: string, many: string];
const RU: Record<'h' | 'm' | 's', Record<DurationCase, Forms>> = {
  h: { nominative: ['час', 'часа', 'часов'], genitive: ['часа', 'часов', 'часов'] },
  m: { nominative: ['минута', 'минуты', 'минут'], genitive: ['минуты', 'минут', 'минут'] },
  s: { nominative: ['секунда', 'секунды', 'секунд'], genitive: ['секунды', 'секунд', 'секунд'] },
};
const EN: Record<'h' | 'm' | 's', [string, string]> = { h: ['hour', 'hours'], m: ['minute', 'minutes'], s: ['second', 'seconds'] };

/** CLDR plural category for Russian integers. */
export function russianPlural(n: number): 0 | 1 | 2 {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return 0;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return 1;
  return 2;
}

/**
 * A lifetime in words: 3600 → "1 hour" / «1 час» (genitive «1 часа»), 5400 → "1 hour 30 minutes".
 * Hours are not folded into days: "72 hours" reads better for a temporary password than "3 days".
 */
export function formatDuration(totalSeconds: number, locale: Locale, grammaticalCase: DurationCase = 'nominative'): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const parts: Array<['h' | 'm' | 's', number]> = [
    ['h', Math.floor(s / 3600)],
    ['m', Math.floor((s % 3600) / 60)],
    ['s', s % 60],
  ];
  const present = parts.filter(([, n]) => n > 0);
  const shown = present.length ? present : [['s', 0] as ['s', number]];
  return shown
    .map(([unit, n]) => (locale === 'ru' ? `${n} ${RU[unit][grammaticalCase][russianPlural(n)]}` : `${n} ${EN[unit][n === 1 ? 0 : 1]}`))
    .join(' ');
}
