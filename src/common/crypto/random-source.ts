import { randomBytes, randomInt } from 'node:crypto';

/** The one source of randomness (a CSPRNG in production). */
export abstract class RandomSource {
  abstract bytes(length: number): Buffer;
  /** Uniform integer in [min, max). */
  abstract int(min: number, max: number): number;

  /** A URL-safe token of `bits` bits (default 256). */
  token(bits = 256): string {
    return this.bytes(Math.ceil(bits / 8)).toString('base64url');
  }

  /** A string of `length` decimal digits, uniformly drawn. */
  digits(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += String(this.int(0, 10));
    return out;
  }
}

export class CryptoRandomSource extends RandomSource {
  bytes(length: number): Buffer {
    return randomBytes(length);
  }
  int(min: number, max: number): number {
    return randomInt(min, max);
  }
}
