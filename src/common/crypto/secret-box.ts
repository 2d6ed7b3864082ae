import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';

/**
 * Keyed hashing and at-rest encryption with keys derived (HKDF) from APP_SECRET.
 * Synchronous node:crypto on purpose: it must not queue behind argon2 on the thread pool.
 */
@Injectable()
export class SecretBox {
  private readonly hashKeys = new Map<string, Buffer>();
  private readonly encKey: Buffer;

  constructor(private readonly config: AppConfig) {
    this.encKey = this.derive('encryption-v1');
  }

  private derive(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.config.appSecret, 'access-recovery', purpose, 32));
  }

  /** HMAC-SHA256 of `value` under a key for `purpose` (e.g. 'session', 'reset-token'); base64url. */
  keyedHash(purpose: string, value: string): string {
    let key = this.hashKeys.get(purpose);
    if (!key) {
      key = this.derive(`hash:${purpose}`);
      this.hashKeys.set(purpose, key);
    }
    return createHmac('sha256', key).update(value, 'utf8').digest('base64url');
  }

  /** Constant-time comparison of two strings. */
  static equal(a: string, b: string): boolean {
    const ab = Buffer.from(a, 'utf8');
    const bb = Buffer.from(b, 'utf8');
    if (ab.length !== bb.length) {
      timingSafeEqual(ab, ab);
      return false;
    }
    return timingSafeEqual(ab, bb);
  }

  /** AES-256-GCM; output is base64url(iv | tag | ciphertext). */
  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  decrypt(sealed: string): string {
    const raw = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}
