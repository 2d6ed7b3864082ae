import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import { Clock } from '../common/time/clock';
import { RealmEntity } from '../realms/entities/realm.entity';
import { RealmsService } from '../realms/realms.service';
import { RealmLogoEntity } from './entities/realm-logo.entity';

/** Largest logo accepted (bytes). */
export const LOGO_MAX_BYTES = 256 * 1024;
export const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type LogoType = (typeof LOGO_TYPES)[number];

/** Does the content start like the type it claims? (PNG signature, JPEG SOI marker, RIFF…WEBP.) */
export function matchesMagic(type: LogoType, data: Buffer): boolean {
  switch (type) {
    case 'image/png':
      return data.length > 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    case 'image/jpeg':
      return data.length > 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff;
    case 'image/webp':
      return data.length > 12 && data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP';
  }
}

/** The media type named by a Content-Type header, if it is one a logo may have. */
export function logoType(contentType: string | undefined): LogoType | null {
  const base = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return (LOGO_TYPES as readonly string[]).includes(base) ? (base as LogoType) : null;
}

/** Realm logos, stored in the database so that every instance serves the same one. */
@Injectable()
export class RealmLogoService {
  constructor(
    @InjectRepository(RealmLogoEntity) private readonly logos: Repository<RealmLogoEntity>,
    private readonly realms: RealmsService,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async get(realmId: string): Promise<RealmLogoEntity | null> {
    return this.logos.findOne({ where: { realmId } });
  }

  /** Checks and stores a logo (realm_admin); 400 validation_failed for a wrong type or content, 413 over 256 KiB. */
  async put(input: { realmId: string; actorId: string; contentType: string | undefined; data: Buffer; ip: string | null }): Promise<void> {
    const type = logoType(input.contentType);
    if (!type) throw new DomainError('validation_failed', { fields: [{ field: 'body', message: 'logoType' }] });
    if (input.data.length > LOGO_MAX_BYTES) throw new DomainError('payload_too_large');
    if (!matchesMagic(type, input.data)) throw new DomainError('validation_failed', { fields: [{ field: 'body', message: 'logoContent' }] });
    const etag = createHash('sha256').update(type).update('\n').update(input.data).digest('hex').slice(0, 32);
    const now = this.clock.now();
    await this.dataSource.transaction(async (m) => {
      await m.getRepository(RealmLogoEntity).upsert({ realmId: input.realmId, contentType: type, etag, size: input.data.length, data: input.data.toString('base64'), updatedAt: now }, ['realmId']);
      await m.getRepository(RealmEntity).update({ id: input.realmId }, { logoEtag: etag, updatedAt: now });
      await this.audit.record({ realmId: input.realmId, type: 'realm.settings_changed', actorId: input.actorId, ip: input.ip, details: { settings: ['logo'], size: input.data.length, contentType: type } }, m);
    });
    this.realms.forgetCached();
  }

  async remove(input: { realmId: string; actorId: string; ip: string | null }): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const result = await m.getRepository(RealmLogoEntity).delete({ realmId: input.realmId });
      await m.getRepository(RealmEntity).update({ id: input.realmId }, { logoEtag: null, updatedAt: this.clock.now() });
      if (result.affected) await this.audit.record({ realmId: input.realmId, type: 'realm.settings_changed', actorId: input.actorId, ip: input.ip, details: { settings: ['logo'], removed: true } }, m);
    });
    this.realms.forgetCached();
  }
}

/** Reads a raw request body, keeping at most `limit + 1` bytes (the rest is drained, so the client gets its answer). */
export async function readRawBody(stream: NodeJS.ReadableStream, limit: number): Promise<{ data: Buffer; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buf.length;
    if (size > limit) {
      tooLarge = true;
      if (size > limit * 64) break;
      continue;
    }
    chunks.push(buf);
  }
  return { data: Buffer.concat(chunks), tooLarge };
}
