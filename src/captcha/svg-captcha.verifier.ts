import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Resvg as ResvgClass } from '@resvg/resvg-js';
import { IsNull, LessThanOrEqual, MoreThan, Repository } from 'typeorm';
import { RandomSource } from '../common/crypto/random-source';
import { SecretBox } from '../common/crypto/secret-box';
import { Clock } from '../common/time/clock';
import { AppConfig } from '../config/app-config';
import { CaptchaChallenge, CaptchaImage, CaptchaImageFormat, CaptchaVerifier } from './captcha-verifier.port';
import { CaptchaEntity } from './entities/captcha.entity';

/** How long a challenge lives, and how many digits it shows. */
export const CAPTCHA_TTL_SECONDS = 300;
export const CAPTCHA_DIGITS = 5;

type RenderCaptcha = (text: string, options: { width: number; height: number; noise: number; color: boolean; fontSize: number }) => string;
/* eslint-disable @typescript-eslint/no-require-imports */
// Loaded on the first captcha, not at start (svg-captcha carries its font; resvg a native module).
const renderCaptcha: RenderCaptcha = (text, options) => (require('svg-captcha') as RenderCaptcha)(text, options);
const Resvg = function (...args: ConstructorParameters<typeof ResvgClass>): ResvgClass {
  return new (require('@resvg/resvg-js') as typeof import('@resvg/resvg-js')).Resvg(...args);
} as unknown as typeof ResvgClass;
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * Built-in provider: digits drawn by svg-captcha (text from the CSPRNG, not svg-captcha's own),
 * the answer kept as a keyed hash, the PNG rasterised at most once, the row (pictures included)
 * deleted by the check that spends it.
 * CAPTCHA_TEST_ANSWER (refused at start in production) also answers any live challenge.
 */
@Injectable()
export class SvgCaptchaVerifier extends CaptchaVerifier {
  constructor(
    @InjectRepository(CaptchaEntity) private readonly captchas: Repository<CaptchaEntity>,
    private readonly secrets: SecretBox,
    private readonly random: RandomSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async create(realmId: string): Promise<CaptchaChallenge> {
    const id = randomUUID();
    const answer = this.random.digits(CAPTCHA_DIGITS);
    const svg = renderCaptcha(answer, { width: 150, height: 50, noise: 2, color: false, fontSize: 56 });
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + CAPTCHA_TTL_SECONDS * 1000);
    await this.captchas.insert({ id, realmId, answerHash: this.hash(id, answer), svg, png: null, createdAt: now, expiresAt });
    return { captchaId: id, expiresAt };
  }

  async image(realmId: string, captchaId: string, format: CaptchaImageFormat): Promise<CaptchaImage | null> {
    if (!isUuid(captchaId)) return null;
    const row = await this.captchas.findOne({ where: { id: captchaId, realmId, expiresAt: MoreThan(this.clock.now()) } });
    if (!row) return null;
    if (format === 'svg') return { contentType: 'image/svg+xml', body: Buffer.from(row.svg, 'utf8') };
    if (row.png) return { contentType: 'image/png', body: Buffer.from(row.png, 'base64') };
    // Rasterised once per captcha: later requests get the stored picture (only the first writer stores it).
    const png = Buffer.from(new Resvg(row.svg, { background: 'white', fitTo: { mode: 'width', value: 300 } }).render().asPng());
    await this.captchas.update({ id: captchaId, png: IsNull() }, { png: png.toString('base64') });
    return { contentType: 'image/png', body: png };
  }

  async verify(realmId: string, captchaId: string, answer: string): Promise<boolean> {
    if (!isUuid(captchaId)) return false;
    const row = await this.captchas.findOne({ where: { id: captchaId, realmId } });
    if (!row) return false;
    // The delete is the spend: of concurrent checks only the one that deletes the row may pass.
    const spent = await this.captchas.delete({ id: captchaId, realmId, expiresAt: MoreThan(this.clock.now()) });
    if (!spent.affected) return false;
    const given = answer.trim();
    const testAnswer = this.config.isProduction ? undefined : this.config.captchaTestAnswer;
    if (testAnswer !== undefined && SecretBox.equal(given, testAnswer)) return true;
    return SecretBox.equal(this.hash(captchaId, given), row.answerHash);
  }

  async purgeExpired(now: Date): Promise<number> {
    const result = await this.captchas.delete({ expiresAt: LessThanOrEqual(now) });
    return result.affected ?? 0;
  }

  private hash(id: string, answer: string): string {
    return this.secrets.keyedHash('captcha', `${id}:${answer}`);
  }
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value);
}
