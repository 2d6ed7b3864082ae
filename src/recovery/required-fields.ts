import { CaptchaVerifier } from '../captcha/captcha-verifier.port';
import { DomainError } from '../common/errors/domain-error';

/** 400 validation_failed naming each field the realm's settings require but the body lacks. */
export function assertPresent(fields: Record<string, string | undefined>): void {
  const missing = Object.entries(fields).filter(([, v]) => v === undefined || v === '');
  if (missing.length) throw new DomainError('validation_failed', { fields: missing.map(([field]) => ({ field, message: 'required' })) });
}

/** Spends the captcha (before any account look-up): 400 captcha_invalid when wrong, spent or expired. */
export async function assertCaptcha(verifier: CaptchaVerifier, realmId: string, captchaId: string | undefined, answer: string | undefined): Promise<void> {
  assertPresent({ captchaId, captchaAnswer: answer });
  if (!(await verifier.verify(realmId, captchaId!, answer!))) throw new DomainError('captcha_invalid');
}
