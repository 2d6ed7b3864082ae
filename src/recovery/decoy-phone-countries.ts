import { Injectable } from '@nestjs/common';
import { Clock } from '../common/time/clock';
import { UsersService } from '../users/users.service';
import { callingCodeOf } from './phone-mask';

/** How long a realm's mixture of calling codes is reused, and how many realms are remembered. */
export const DECOY_COUNTRIES_TTL_MS = 10 * 60 * 1000;
const MAX_REALMS = 1000;

/** Weights (whole percents) of country calling codes, in a fixed order. */
type Mixture = Array<[callingCode: string, percent: number]>;

/**
 * Which country calling code a decoy flow's phone gets. A decoy that always showed +7 while real
 * users show their own country would give them away, so decoys follow the realm's real users: the
 * calling codes of its confirmed phones, weighted by their share in whole percents (codes under
 * 1 % left out), and picked by a keyed hash of the login — stable for the login while the
 * realm's mixture stays the same. With no confirmed phone in the realm: +7 in ru realms, else +1.
 * The mixture is read with one grouped query and kept ten minutes per realm.
 */
@Injectable()
export class DecoyPhoneCountries {
  private readonly cache = new Map<string, { at: number; mixture: Mixture }>();

  constructor(
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  /** A function from a hash (hex) to a calling code, for `RecoveryFlowsService.decoyPhone`. */
  async chooser(realmId: string, defaultLocale: string): Promise<(hashHex: string) => string> {
    const mixture = await this.mixture(realmId);
    const fallback = defaultLocale === 'ru' ? '7' : '1';
    return (hashHex) => pick(mixture, hashHex) ?? fallback;
  }

  async mixture(realmId: string): Promise<Mixture> {
    const now = this.clock.now().getTime();
    const hit = this.cache.get(realmId);
    if (hit && now - hit.at < DECOY_COUNTRIES_TTL_MS) return hit.mixture;
    const rows = (await this.users
      .repo()
      .createQueryBuilder('u')
      .select('SUBSTR(u.phone, 2, 3)', 'prefix')
      .addSelect('COUNT(*)', 'n')
      .where('u.realmId = :realmId', { realmId })
      .andWhere('u.phoneVerified = :yes', { yes: true })
      .andWhere('u.disabled = :no', { no: false })
      .andWhere('u.phone IS NOT NULL')
      .groupBy('SUBSTR(u.phone, 2, 3)')
      .getRawMany()) as Array<{ prefix: string; n: string | number }>;
    const counts = new Map<string, number>();
    for (const r of rows) {
      const code = callingCodeOf(r.prefix);
      if (code) counts.set(code, (counts.get(code) ?? 0) + Number(r.n));
    }
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const mixture: Mixture = [...counts.entries()]
      .map(([code, n]): [string, number] => [code, Math.round((100 * n) / total)])
      .filter(([, percent]) => percent > 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    this.cache.delete(realmId);
    if (this.cache.size >= MAX_REALMS) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(realmId, { at: now, mixture });
    return mixture;
  }
}

function pick(mixture: Mixture, hashHex: string): string | null {
  const sum = mixture.reduce((a, [, w]) => a + w, 0);
  if (sum === 0) return null;
  let point = Number(BigInt(`0x${hashHex.slice(0, 16)}`) % BigInt(sum));
  for (const [code, weight] of mixture) {
    if (point < weight) return code;
    point -= weight;
  }
  return null;
}
