import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RandomSource } from '../common/crypto/random-source';
import { SecretBox } from '../common/crypto/secret-box';
import { DomainError } from '../common/errors/domain-error';
import { Clock } from '../common/time/clock';
import { OidcClientEntity } from './entities/oidc-client.entity';
import { OidcPayloadStore } from './oidc-payload.store';

export interface NewOidcClient {
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  public?: boolean;
  firstParty?: boolean;
}

/** Who asked for a change to the clients (for the audit trail). */
export interface OidcClientActor {
  realmId: string;
  actorId: string | null;
  ip?: string | null;
}

/** Registered applications of a realm; the secret is returned once and kept sealed. */
@Injectable()
export class OidcClientsService {
  constructor(
    @InjectRepository(OidcClientEntity) private readonly clients: Repository<OidcClientEntity>,
    private readonly dataSource: DataSource,
    private readonly payloads: OidcPayloadStore,
    private readonly secrets: SecretBox,
    private readonly random: RandomSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(actor: OidcClientActor, input: NewOidcClient): Promise<{ client: OidcClientEntity; clientSecret: string | null }> {
    const name = input.name.trim();
    const fields: { field: string; message: string }[] = [];
    if (!name) fields.push({ field: 'name', message: 'isNotEmpty' });
    if (!input.redirectUris.length) fields.push({ field: 'redirectUris', message: 'arrayNotEmpty' });
    input.redirectUris.forEach((u, i) => !isAllowedRedirectUri(u) && fields.push({ field: `redirectUris.${i}`, message: 'redirect_uri' }));
    (input.postLogoutRedirectUris ?? []).forEach((u, i) => !isAllowedRedirectUri(u) && fields.push({ field: `postLogoutRedirectUris.${i}`, message: 'redirect_uri' }));
    if (fields.length) throw new DomainError('validation_failed', { fields });
    const isPublic = input.public ?? false;
    const clientSecret = isPublic ? null : this.random.token(256);
    const client: OidcClientEntity = {
      clientId: this.random.token(128),
      realmId: actor.realmId,
      name,
      secretSealed: clientSecret ? this.secrets.encrypt(clientSecret) : null,
      redirectUris: [...new Set(input.redirectUris)],
      postLogoutRedirectUris: [...new Set(input.postLogoutRedirectUris ?? [])],
      public: isPublic,
      firstParty: input.firstParty ?? false,
      createdAt: this.clock.now(),
    };
    await this.dataSource.transaction(async (m) => {
      await m.getRepository(OidcClientEntity).insert(client);
      await this.audit.record(
        { realmId: actor.realmId, type: 'oidc_client.created', actorId: actor.actorId, ip: actor.ip ?? null, details: { clientId: client.clientId, name, public: isPublic, firstParty: client.firstParty } },
        m,
      );
    });
    return { client, clientSecret };
  }

  async list(realmId: string): Promise<OidcClientEntity[]> {
    return this.clients.find({ where: { realmId }, order: { createdAt: 'ASC', clientId: 'ASC' } });
  }

  async find(realmId: string, clientId: string): Promise<OidcClientEntity | null> {
    if (!clientId || clientId.length > 100) return null;
    return this.clients.findOneBy({ realmId, clientId });
  }

  /** Removes the client and every grant, code and token it holds; unknown: 404 oidc_client_not_found. */
  async delete(actor: OidcClientActor, clientId: string): Promise<void> {
    const client = await this.find(actor.realmId, clientId);
    if (!client) throw new DomainError('oidc_client_not_found');
    await this.dataSource.transaction(async (m) => {
      await m.getRepository(OidcClientEntity).delete({ realmId: actor.realmId, clientId });
      await this.payloads.revokeForClient(actor.realmId, clientId, m);
      await this.audit.record({ realmId: actor.realmId, type: 'oidc_client.deleted', actorId: actor.actorId, ip: actor.ip ?? null, details: { clientId, name: client.name } }, m);
    });
  }

  /** The plain secret, for the provider's client authentication only. */
  secretOf(client: OidcClientEntity): string | undefined {
    return client.secretSealed ? this.secrets.decrypt(client.secretSealed) : undefined;
  }
}

/** API.md: absolute, no fragment, `https`, or `http` on `localhost`/`127.0.0.1`. */
export function isAllowedRedirectUri(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 2000 || value.includes('#')) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return !!url.hostname;
  return url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1');
}
