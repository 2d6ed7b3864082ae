/** A challenge handed to the client: it shows the picture and sends back the answer. */
export interface CaptchaChallenge {
  captchaId: string;
  expiresAt: Date;
}

export type CaptchaImageFormat = 'svg' | 'png';

export interface CaptchaImage {
  contentType: string;
  body: Buffer;
}

/**
 * The captcha port: the built-in provider draws digits (svg-captcha); another provider can
 * replace it with one provider registration in `CaptchaModule`.
 */
export abstract class CaptchaVerifier {
  /** Issues a new, short-lived challenge in the realm. */
  abstract create(realmId: string): Promise<CaptchaChallenge>;
  /** The challenge's picture, or null when it is unknown, spent or expired. */
  abstract image(realmId: string, captchaId: string, format: CaptchaImageFormat): Promise<CaptchaImage | null>;
  /**
   * Spends the challenge (right or wrong; of two concurrent checks at most one can pass) and
   * tells whether the answer was right.
   */
  abstract verify(realmId: string, captchaId: string, answer: string): Promise<boolean>;
  /** Removes expired challenges; returns how many. */
  abstract purgeExpired(now: Date): Promise<number>;
}
