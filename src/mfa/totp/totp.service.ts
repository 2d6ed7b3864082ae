import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { RandomSource } from '../../common/crypto/random-source';
import { SecretBox } from '../../common/crypto/secret-box';
import { Clock } from '../../common/time/clock';
import { TotpFactorEntity } from '../entities/totp-factor.entity';
import { base32Encode, matchStep, TOTP_SECRET_BYTES } from './totp';

/** TOTP factors: a sealed secret per user, pending until a first code confirms it. */
@Injectable()
export class TotpService {
  constructor(
    @InjectRepository(TotpFactorEntity) private readonly factors: Repository<TotpFactorEntity>,
    private readonly secrets: SecretBox,
    private readonly random: RandomSource,
    private readonly clock: Clock,
  ) {}

  repo(manager?: EntityManager): Repository<TotpFactorEntity> {
    return manager ? manager.getRepository(TotpFactorEntity) : this.factors;
  }

  find(userId: string, manager?: EntityManager): Promise<TotpFactorEntity | null> {
    return this.repo(manager).findOne({ where: { userId } });
  }

  /** A fresh pending secret (replacing any earlier pending one); returns it in base32. */
  async startEnrolment(user: { id: string; realmId: string }, manager?: EntityManager): Promise<string> {
    const secret = base32Encode(this.random.bytes(TOTP_SECRET_BYTES));
    const repo = this.repo(manager);
    await repo.delete({ userId: user.id });
    await repo.insert({ userId: user.id, realmId: user.realmId, secretSealed: this.secrets.encrypt(secret), confirmedAt: null, lastStep: null, createdAt: this.clock.now() });
    return secret;
  }

  /**
   * True when the code matches a step after the last used one; that step is then spent. The
   * conditional update makes two concurrent uses of one code end with one success.
   */
  async verify(row: TotpFactorEntity, code: string, manager?: EntityManager): Promise<boolean> {
    const step = matchStep(this.secrets.decrypt(row.secretSealed), code, this.clock.now(), row.lastStep);
    if (step === null) return false;
    const result = await this.repo(manager)
      .createQueryBuilder()
      .update(TotpFactorEntity)
      .set({ lastStep: step })
      .where('"userId" = :id', { id: row.userId })
      .andWhere('("lastStep" IS NULL OR "lastStep" < :step)', { step })
      .execute();
    return !!result.affected;
  }

  secretOf(row: TotpFactorEntity): string {
    return this.secrets.decrypt(row.secretSealed);
  }

  async confirm(userId: string, manager?: EntityManager): Promise<void> {
    await this.repo(manager).update({ userId }, { confirmedAt: this.clock.now() });
  }

  async remove(userId: string, manager?: EntityManager): Promise<void> {
    await this.repo(manager).delete({ userId });
  }
}
