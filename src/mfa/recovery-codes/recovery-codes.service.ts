import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { RandomSource } from '../../common/crypto/random-source';
import { SecretBox } from '../../common/crypto/secret-box';
import { Clock } from '../../common/time/clock';
import { RecoveryCodeEntity } from '../entities/recovery-code.entity';
import { base32Encode } from '../totp/totp';

export const RECOVERY_CODE_COUNT = 10;
/** 80 bits each (NIST SP 800-63B-4 asks for at least 64), 16 base32 characters in groups of 4. */
const RECOVERY_CODE_BYTES = 10;

/** Normalises what a user typed: case, spaces and dashes do not matter. */
export function normalizeRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

/** Recovery codes: shown once, stored as keyed hashes, single use; a new set replaces the old. */
@Injectable()
export class RecoveryCodesService {
  constructor(
    @InjectRepository(RecoveryCodeEntity) private readonly codes: Repository<RecoveryCodeEntity>,
    private readonly secrets: SecretBox,
    private readonly random: RandomSource,
    private readonly clock: Clock,
  ) {}

  private repo(manager?: EntityManager): Repository<RecoveryCodeEntity> {
    return manager ? manager.getRepository(RecoveryCodeEntity) : this.codes;
  }

  private hash(userId: string, code: string): string {
    return this.secrets.keyedHash('mfa-recovery-code', `${userId}:${normalizeRecoveryCode(code)}`);
  }

  /** A new set of codes (the old ones die); the only time the codes exist in plain text. */
  async issue(user: { id: string; realmId: string }, manager?: EntityManager): Promise<string[]> {
    const repo = this.repo(manager);
    await repo.delete({ userId: user.id });
    const now = this.clock.now();
    const codes: string[] = [];
    for (let i = 0; i < RECOVERY_CODE_COUNT; i++) {
      const raw = base32Encode(this.random.bytes(RECOVERY_CODE_BYTES));
      codes.push(raw.match(/.{4}/g)!.join('-'));
    }
    await repo.insert(codes.map((code) => ({ id: randomUUID(), realmId: user.realmId, userId: user.id, codeHash: this.hash(user.id, code), usedAt: null, createdAt: now })));
    return codes;
  }

  /** Spends a code; true when it was one of the user's unused codes. */
  async consume(userId: string, code: string, manager?: EntityManager): Promise<boolean> {
    if (typeof code !== 'string' || normalizeRecoveryCode(code).length !== 16) return false;
    const result = await this.repo(manager).update({ userId, codeHash: this.hash(userId, code), usedAt: IsNull() }, { usedAt: this.clock.now() });
    return !!result.affected;
  }

  left(userId: string, manager?: EntityManager): Promise<number> {
    return this.repo(manager).count({ where: { userId, usedAt: IsNull() } });
  }

  async removeAll(userId: string, manager?: EntityManager): Promise<void> {
    await this.repo(manager).delete({ userId });
  }
}
