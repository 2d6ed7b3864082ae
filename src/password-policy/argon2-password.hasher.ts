import { Algorithm, hash, verify } from '@node-rs/argon2';
import { PasswordHasher } from './password-hasher.port';

/** OWASP argon2id parameters: 19 MiB, 2 iterations, 1 lane. */
export const ARGON2_PARAMS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/**
 * argon2id in PHC format (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`). At most `concurrency`
 * hashes run at once (each holds `memoryCost` KiB); the rest wait in line, first come first served,
 * known and unknown logins alike.
 */
export class Argon2PasswordHasher extends PasswordHasher {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly params: { memoryCost: number; timeCost: number; parallelism: number } = ARGON2_PARAMS,
    private readonly concurrency = Number.POSITIVE_INFINITY,
  ) {
    super();
  }

  hash(password: string): Promise<string> {
    return this.bounded(() => hash(password, { algorithm: Algorithm.Argon2id, ...this.params }));
  }

  async verify(hashed: string, password: string): Promise<boolean> {
    try {
      return await this.bounded(() => verify(hashed, password));
    } catch {
      return false;
    }
  }

  private async bounded<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  needsRehash(hashed: string): boolean {
    const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(hashed);
    if (!m) return true;
    return Number(m[1]) !== this.params.memoryCost || Number(m[2]) !== this.params.timeCost || Number(m[3]) !== this.params.parallelism;
  }
}
