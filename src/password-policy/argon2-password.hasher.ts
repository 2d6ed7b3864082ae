import { Algorithm, hash, verify } from '@node-rs/argon2';
import { PasswordHasher } from './password-hasher.port';

/** OWASP argon2id parameters: 19 MiB, 2 iterations, 1 lane. */
export const ARGON2_PARAMS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** argon2id in PHC format (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`). */
export class Argon2PasswordHasher extends PasswordHasher {
  constructor(private readonly params: { memoryCost: number; timeCost: number; parallelism: number } = ARGON2_PARAMS) {
    super();
  }

  hash(password: string): Promise<string> {
    return hash(password, { algorithm: Algorithm.Argon2id, ...this.params });
  }

  async verify(hashed: string, password: string): Promise<boolean> {
    try {
      return await verify(hashed, password);
    } catch {
      return false;
    }
  }

  needsRehash(hashed: string): boolean {
    const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(hashed);
    if (!m) return true;
    return Number(m[1]) !== this.params.memoryCost || Number(m[2]) !== this.params.timeCost || Number(m[3]) !== this.params.parallelism;
  }
}
