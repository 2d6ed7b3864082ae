import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, LessThan, Repository } from 'typeorm';
import { Clock } from '../common/time/clock';
import { OidcPayloadEntity } from './entities/oidc-payload.entity';

/** Fields of a provider payload that the adapter interface looks rows up by. */
export interface OidcPayload {
  grantId?: string;
  uid?: string;
  userCode?: string;
  accountId?: string;
  clientId?: string;
  consumed?: number;
  [key: string]: unknown;
}

/** The provider's models kept per user; removed when every session of the user ends. */
const USER_MODELS = ['Session', 'Grant', 'AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest', 'Interaction'];

/** Rows behind every realm's provider adapter (one table, `oidc_payloads`). */
@Injectable()
export class OidcPayloadStore {
  constructor(
    @InjectRepository(OidcPayloadEntity) private readonly rows: Repository<OidcPayloadEntity>,
    private readonly clock: Clock,
  ) {}

  async upsert(realmId: string, model: string, id: string, payload: OidcPayload, expiresIn: number | undefined): Promise<void> {
    const row: OidcPayloadEntity = {
      key: key(realmId, model, id),
      realmId,
      model,
      payload: JSON.stringify(payload),
      grantId: str(payload.grantId),
      uid: str(payload.uid),
      userCode: str(payload.userCode),
      accountId: str(payload.accountId)?.slice(0, 36) ?? null,
      clientId: str(payload.clientId),
      // The provider's own clock decides validity (payload `exp`); this column only drives the purge.
      expiresAt: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
      consumedAt: null,
    };
    await this.rows.upsert(row, ['key']);
  }

  async find(realmId: string, model: string, id: string): Promise<OidcPayload | undefined> {
    return this.payloadOf(await this.rows.findOneBy({ key: key(realmId, model, id) }));
  }

  async findBy(realmId: string, model: string, field: 'uid' | 'userCode', value: string): Promise<OidcPayload | undefined> {
    return this.payloadOf(await this.rows.findOneBy({ realmId, model, [field]: value }));
  }

  async consume(realmId: string, model: string, id: string): Promise<void> {
    await this.rows.update({ key: key(realmId, model, id) }, { consumedAt: new Date() });
  }

  async destroy(realmId: string, model: string, id: string): Promise<void> {
    await this.rows.delete({ key: key(realmId, model, id) });
  }

  async revokeByGrantId(realmId: string, grantId: string): Promise<void> {
    await this.rows.delete({ realmId, grantId });
  }

  /** Ends a user's single sign-on sessions, grants and tokens (in the caller's transaction when given). */
  async revokeForUser(userId: string, manager?: EntityManager): Promise<void> {
    const repo = manager ? manager.getRepository(OidcPayloadEntity) : this.rows;
    const grants = await repo.find({ select: { grantId: true }, where: { accountId: userId, model: 'Grant' } });
    await repo.delete({ accountId: userId, model: In(USER_MODELS) });
    const grantIds = grants.map((g) => g.grantId).filter((g): g is string => !!g);
    if (grantIds.length) await repo.delete({ grantId: In(grantIds) });
  }

  /** Everything a deleted client held: its grants, codes and tokens. */
  async revokeForClient(realmId: string, clientId: string, manager?: EntityManager): Promise<void> {
    const repo = manager ? manager.getRepository(OidcPayloadEntity) : this.rows;
    await repo.delete({ realmId, clientId });
  }

  /** Drops rows past their lifetime. */
  async purgeExpired(): Promise<number> {
    const result = await this.rows.delete({ expiresAt: LessThan(this.clock.now()) });
    return result.affected ?? 0;
  }

  private payloadOf(row: OidcPayloadEntity | null): OidcPayload | undefined {
    if (!row) return undefined;
    const payload = JSON.parse(row.payload) as OidcPayload;
    if (row.consumedAt) payload.consumed = Math.floor(row.consumedAt.getTime() / 1000);
    return payload;
  }
}

function key(realmId: string, model: string, id: string): string {
  return `${realmId}:${model}:${id}`.slice(0, 300);
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v ? v.slice(0, 200) : null;
}
