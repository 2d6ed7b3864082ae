import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error';
import type { RealmEntity } from '../../realms/entities/realm.entity';
import { PRESET_NAMES, PresetName } from '../../realms/realm-settings';
import { RealmsService } from '../../realms/realms.service';
import { isUniqueViolation } from '../../users/users.service';
import { SLUG_PATTERN } from '../dto/organization.dto';

/** An operator creates a realm with a preset (command line). A taken slug is slug_taken. */
@Injectable()
export class CreateRealmUseCase {
  constructor(private readonly realms: RealmsService) {}

  async execute(input: { slug: string; name?: string; preset: string }): Promise<RealmEntity> {
    if (!SLUG_PATTERN.test(input.slug)) throw new DomainError('validation_failed', { fields: [{ field: 'slug', message: 'matches' }] });
    if (!(PRESET_NAMES as readonly string[]).includes(input.preset)) throw new DomainError('validation_failed', { fields: [{ field: 'preset', message: 'isIn' }] });
    if (await this.realms.findBySlug(input.slug)) throw new DomainError('slug_taken');
    try {
      return await this.realms.create(input.slug, input.name?.trim() || input.slug, input.preset as PresetName);
    } catch (e) {
      if (isUniqueViolation(e)) throw new DomainError('slug_taken');
      throw e;
    }
  }
}
