/** The phone's digits (E.164 without '+'). */
export function phoneDigits(e164: string): string {
  return e164.replace(/\D/g, '');
}

/** How many trailing digits are hidden: the setting, kept within the number. */
export function hiddenCount(e164: string, hidden: number): number {
  return Math.min(Math.max(1, hidden), phoneDigits(e164).length - 1);
}

/** The phone with its last `hidden` digits as `*`: +79533541234 → 7953354**** (manual 002). */
export function maskPhone(e164: string, hidden: number): string {
  const digits = phoneDigits(e164);
  const n = hiddenCount(e164, hidden);
  return digits.slice(0, digits.length - n) + '*'.repeat(n);
}

/** The digits the user must type: the hidden tail of the number. */
export function hiddenDigits(e164: string, hidden: number): string {
  const digits = phoneDigits(e164);
  return digits.slice(digits.length - hiddenCount(e164, hidden));
}

/**
 * A stable, plausible mobile number for a decoy flow, derived from a keyed hash (hex) of the
 * login: a Russian mobile (+79…) in ru realms, a North American one (+1…) otherwise.
 */
export function decoyPhone(keyedHashHex: string, locale: string): string {
  let n = BigInt(`0x${keyedHashHex.slice(0, 24)}`);
  const take = (count: number): string => {
    let out = '';
    for (let i = 0; i < count; i++) {
      out += String(n % 10n);
      n /= 10n;
    }
    return out;
  };
  if (locale === 'ru') return `+79${take(9)}`;
  const area = String(2 + Number(n % 8n));
  n /= 8n;
  return `+1${area}${take(2)}${2 + Number(n % 8n)}${take(6)}`;
}
