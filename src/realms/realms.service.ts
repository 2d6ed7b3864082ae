import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Clock } from '../common/time/clock';
import type { RequestRealm } from '../common/http/app-request';
import { OrganizationEntity } from './entities/organization.entity';
import { RealmEntity } from './entities/realm.entity';
import { completeSettings, PresetName, presetSettings, RealmSettings } from './realm-settings';

const CACHE_MS = 2000;

/** Realms and organisations. Realm look-ups are cached briefly: they sit on every request. */
@Injectable()
export class RealmsService {
  private readonly cache = new Map<string, { realm: RequestRealm | null; until: number }>();

  constructor(
    @InjectRepository(RealmEntity) private readonly realms: Repository<RealmEntity>,
    @InjectRepository(OrganizationEntity) private readonly organizations: Repository<OrganizationEntity>,
    private readonly clock: Clock,
  ) {}

  /** The realm with this slug, or null. */
  async findBySlug(slug: string, options: { fresh?: boolean } = {}): Promise<RequestRealm | null> {
    const now = Date.now();
    const hit = options.fresh ? undefined : this.cache.get(slug);
    if (hit && hit.until > now) return hit.realm;
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug)) return null;
    const entity = await this.realms.findOne({ where: { slug } });
    const realm = entity ? toRequestRealm(entity) : null;
    // Bounded: unknown slugs are attacker-chosen.
    if (this.cache.size >= 1000) this.cache.clear();
    this.cache.set(slug, { realm, until: now + CACHE_MS });
    return realm;
  }

  async findById(id: string): Promise<RequestRealm | null> {
    const entity = await this.realms.findOne({ where: { id } });
    return entity ? toRequestRealm(entity) : null;
  }

  async list(): Promise<RealmEntity[]> {
    return this.realms.find({ order: { createdAt: 'ASC' } });
  }

  async create(slug: string, name: string, preset: PresetName, manager?: EntityManager): Promise<RealmEntity> {
    const repo = manager ? manager.getRepository(RealmEntity) : this.realms;
    const now = this.clock.now();
    const entity = repo.create({ id: randomUUID(), slug, name, settings: presetSettings(preset), logoEtag: null, createdAt: now, updatedAt: now });
    await repo.insert(entity);
    this.cache.delete(slug);
    return entity;
  }

  async saveSettings(realmId: string, settings: RealmSettings, manager?: EntityManager): Promise<void> {
    const repo = manager ? manager.getRepository(RealmEntity) : this.realms;
    await repo.update({ id: realmId }, { settings, updatedAt: this.clock.now() });
    this.cache.clear();
  }

  /** Drops cached realms (after a change made outside saveSettings, e.g. the logo). */
  forgetCached(): void {
    this.cache.clear();
  }

  async findOrganization(realmId: string, id: string): Promise<OrganizationEntity | null> {
    if (!/^[0-9a-f-]{36}$/.test(id)) return null;
    return this.organizations.findOne({ where: { id, realmId } });
  }

  async listOrganizations(realmId: string): Promise<OrganizationEntity[]> {
    return this.organizations.find({ where: { realmId }, order: { name: 'ASC' } });
  }

  async createOrganization(realmId: string, input: { name: string; slug: string; adminContact?: string | null }): Promise<OrganizationEntity> {
    const entity = this.organizations.create({
      id: randomUUID(),
      realmId,
      name: input.name,
      slug: input.slug,
      adminContact: input.adminContact ?? null,
      createdAt: this.clock.now(),
    });
    await this.organizations.insert(entity);
    return entity;
  }

  async organizationBySlug(realmId: string, slug: string): Promise<OrganizationEntity | null> {
    return this.organizations.findOne({ where: { realmId, slug } });
  }
}

export function toRequestRealm(entity: RealmEntity): RequestRealm {
  const settings = completeSettings(entity.settings);
  settings.displayName ||= entity.name || entity.slug;
  return { entity, id: entity.id, slug: entity.slug, settings };
}
