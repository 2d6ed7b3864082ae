import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { DomainError } from '../../common/errors/domain-error';
import type { FieldProblem } from '../../common/validation/validation.pipe';
import { applySettingsPatch, RealmSettings, RealmSettingsPatch } from '../../realms/realm-settings';
import { RealmsService } from '../../realms/realms.service';
import type { AdminScope } from '../admin-scope';

/**
 * PATCH of the realm settings (realm_admin): preset first, then the given fields, nested objects
 * merged; the merged result is checked as a whole, and nothing is saved when any rule fails.
 * One `realm.settings_changed` event lists the settings whose value changed.
 */
@Injectable()
export class UpdateRealmSettingsUseCase {
  constructor(
    private readonly realms: RealmsService,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
  ) {}

  async execute(scope: AdminScope, patch: RealmSettingsPatch, ip: string | null): Promise<RealmSettings> {
    const current = await this.realms.findById(scope.realmId);
    if (!current) throw new DomainError('realm_not_found');
    const next = applySettingsPatch(current.settings, definedOnly(patch));
    const problems = crossFieldProblems(next);
    if (problems.length) throw new DomainError('validation_failed', { fields: problems });
    const changed = changedPaths(current.settings, next);
    if (changed.length === 0) return next;
    await this.dataSource.transaction(async (manager) => {
      await this.realms.saveSettings(scope.realmId, next, manager);
      await this.audit.record(
        { realmId: scope.realmId, type: 'realm.settings_changed', actorId: scope.actorId, ip, details: { settings: changed, preset: next.preset } },
        manager,
      );
    });
    return next;
  }
}

/** A plain copy without undefined members at any depth (DTO instances declare every field). */
function definedOnly<T>(value: T): T {
  if (Array.isArray(value) || value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, definedOnly(v)])) as T;
}

/** Rules that span fields, checked on the merged settings. */
export function crossFieldProblems(s: RealmSettings): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (s.passwordPolicy.minLength > s.passwordPolicy.maxLength) out.push({ field: 'passwordPolicy.minLength', message: 'minLengthAboveMax' });
  if (!s.locales.includes(s.defaultLocale)) out.push({ field: 'defaultLocale', message: 'defaultLocaleNotInLocales' });
  return out;
}

/** Dotted paths of the settings whose value differs. */
export function changedPaths(before: RealmSettings, after: RealmSettings): string[] {
  const out: string[] = [];
  for (const key of Object.keys(after) as Array<keyof RealmSettings>) {
    const a = before[key];
    const b = after[key];
    if (key === 'lockout' || key === 'passwordPolicy') {
      for (const sub of Object.keys(b)) {
        if (JSON.stringify((a as unknown as Record<string, unknown>)[sub]) !== JSON.stringify((b as unknown as Record<string, unknown>)[sub])) out.push(`${key}.${sub}`);
      }
    } else if (JSON.stringify(a) !== JSON.stringify(b)) {
      out.push(key);
    }
  }
  return out;
}
