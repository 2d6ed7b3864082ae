/** Hashes and verifies passwords; the hash string carries its own parameters. */
export abstract class PasswordHasher {
  abstract hash(password: string): Promise<string>;
  abstract verify(hash: string, password: string): Promise<boolean>;
  /** True when the hash was made with weaker or other parameters than the current ones. */
  abstract needsRehash(hash: string): boolean;
}
