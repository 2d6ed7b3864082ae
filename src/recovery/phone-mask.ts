import { getCountries, getCountryCallingCode, getExampleNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/mobile';
import examples from 'libphonenumber-js/mobile/examples';

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

let exampleMobiles: Map<string, string> | undefined;

/** Every country calling code, with the national number of an example mobile of its first country. */
function examplesByCallingCode(): Map<string, string> {
  if (!exampleMobiles) {
    exampleMobiles = new Map();
    for (const country of getCountries()) {
      const code = getCountryCallingCode(country);
      const example = getExampleNumber(country as CountryCode, examples);
      if (example && !exampleMobiles.has(code)) exampleMobiles.set(code, example.nationalNumber);
    }
  }
  return exampleMobiles;
}

/** The country calling code an E.164 number (or its first digits) starts with, or null. */
export function callingCodeOf(e164OrPrefix: string): string | null {
  const digits = phoneDigits(e164OrPrefix);
  const known = examplesByCallingCode();
  for (let n = 1; n <= 3 && n <= digits.length; n++) if (known.has(digits.slice(0, n))) return digits.slice(0, n);
  return null;
}

/**
 * A stable, plausible mobile number for a decoy flow in the given country calling code, derived
 * from a keyed hash (hex) of the login: a Russian mobile (+79…) for 7, a North American one for 1,
 * and for other codes a mobile shaped like the country's example one (its operator prefix kept,
 * the other digits derived), checked as a valid mobile number.
 */
export function decoyPhone(keyedHashHex: string, callingCode: string): string {
  let n = BigInt(`0x${keyedHashHex.slice(0, 48)}`);
  const take = (count: number): string => {
    let out = '';
    for (let i = 0; i < count; i++) {
      out += String(n % 10n);
      n /= 10n;
    }
    return out;
  };
  if (callingCode === '7') return `+79${take(9)}`;
  const template = examplesByCallingCode().get(callingCode);
  if (callingCode === '1' || !template) {
    const area = String(2 + Number(n % 8n));
    n /= 8n;
    return `+1${area}${take(2)}${2 + Number(n % 8n)}${take(6)}`;
  }
  const keep = Math.min(2, template.length - 4);
  for (let attempt = 0; attempt < 4; attempt++) {
    const candidate = `+${callingCode}${template.slice(0, keep)}${take(template.length - keep)}`;
    const parsed = parsePhoneNumberFromString(candidate);
    if (parsed?.isValid() && parsed.getType() === 'MOBILE') return candidate;
  }
  return `+${callingCode}${template.slice(0, template.length - 4)}${take(4)}`;
}
