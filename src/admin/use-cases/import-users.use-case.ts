import { Injectable } from '@nestjs/common';
import { isEmail } from 'class-validator';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { Sessions } from '../../auth/sessions.port';
import { DomainError } from '../../common/errors/domain-error';
import type { RequestRealm } from '../../common/http/app-request';
import { Notifications } from '../../notifications/notifications.port';
import { PasswordPolicy } from '../../password-policy/password-policy.port';
import { RealmsService } from '../../realms/realms.service';
import { isBirthDate, normalizePhone } from '../../users/contact-format';
import { normalizeLogin } from '../../users/login';
import { UsersService } from '../../users/users.service';
import { csvLine, parseCsv } from '../../common/csv';
import { LOGIN_PATTERN } from '../dto/admin-user.dto';
import { ResetTokensService } from '../../recovery/reset-tokens.service';
import { SETUP_LINK_TTL_SECONDS } from './create-user.use-case';

/** Columns the import understands (header names, case-insensitive); others are ignored. */
export const IMPORT_COLUMNS = ['login', 'email', 'phone', 'birthDate', 'locale', 'organization', 'password'] as const;
type Column = (typeof IMPORT_COLUMNS)[number];
const ALIASES: Record<string, Column> = { birth_date: 'birthDate', birthdate: 'birthDate', org: 'organization', organisation: 'organization' };

export interface ImportOptions {
  realm: string;
  /** Organisation slug for rows without an `organization` column value. */
  organization?: string;
  /** Mark imported contacts as confirmed (only when the school has checked them). */
  contactsVerified?: boolean;
  /** E-mail a setup link to imported users without a password who have an e-mail. */
  sendSetupLinks?: boolean;
  /** Check every row, create nothing. */
  dryRun?: boolean;
}

export interface ImportReport {
  created: Array<{ row: number; login: string; id: string | null }>;
  rejected: Array<{ row: number; login: string; reasons: string[] }>;
  ignoredColumns: string[];
}

/**
 * Imports users from a CSV class list (header row first). Every row is checked on its own —
 * login format and uniqueness (in the realm and in the file), e-mail, phone (E.164), date of
 * birth, locale, organisation, password policy — and good rows are created even when others are
 * rejected; the report names each rejected row (its row number, the header being row 1) with its reasons.
 */
@Injectable()
export class ImportUsersUseCase {
  constructor(
    private readonly realms: RealmsService,
    private readonly users: UsersService,
    private readonly notifications: Notifications,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
    private readonly policy: PasswordPolicy,
    private readonly resetTokens: ResetTokensService,
    private readonly sessions: Sessions,
  ) {}

  async execute(csv: string, options: ImportOptions): Promise<ImportReport> {
    const realm = await this.realms.findBySlug(options.realm);
    if (!realm) throw new DomainError('realm_not_found');
    const rows = parseCsv(csv);
    if (rows.length === 0) throw new Error('The file is empty: expected a header row (login,email,phone,birthDate,locale,organization,password).');
    const header = rows[0].map((h) => h.trim());
    const index = new Map<Column, number>();
    const ignoredColumns: string[] = [];
    header.forEach((name, i) => {
      const key = (IMPORT_COLUMNS as readonly string[]).find((c) => c.toLowerCase() === name.toLowerCase()) ?? ALIASES[name.toLowerCase()];
      if (key && !index.has(key as Column)) index.set(key as Column, i);
      else ignoredColumns.push(name);
    });
    if (!index.has('login')) throw new Error('The header row has no "login" column.');
    const defaultOrg = options.organization ? await this.realms.organizationBySlug(realm.id, options.organization) : null;
    if (options.organization && !defaultOrg) throw new DomainError('organization_not_found');

    const report: ImportReport = { created: [], rejected: [], ignoredColumns };
    const seen = new Set<string>();
    const orgCache = new Map<string, string | null>();
    for (let r = 1; r < rows.length; r++) {
      const cell = (c: Column) => (index.has(c) ? (rows[r][index.get(c)!] ?? '').trim() : '');
      const row = r + 1;
      const login = cell('login');
      const reasons: string[] = [];
      if (!login) reasons.push('login is missing');
      else if (!LOGIN_PATTERN.test(login)) reasons.push('login has spaces or is longer than 100 characters');
      else if (seen.has(normalizeLogin(login))) reasons.push('login appears earlier in the file');
      else if (await this.users.findByLogin(realm.id, login)) reasons.push('login is taken');
      if (login) seen.add(normalizeLogin(login));
      const email = cell('email');
      if (email && (email.length > 254 || !isEmail(email))) reasons.push('e-mail is not valid');
      const rawPhone = cell('phone');
      const phone = rawPhone ? normalizePhone(rawPhone) : null;
      if (rawPhone && !phone) reasons.push('phone is not valid (international format, e.g. +7 953 354-12-34)');
      const birthDate = cell('birthDate');
      if (birthDate && !isBirthDate(birthDate)) reasons.push('date of birth is not a date written YYYY-MM-DD');
      const locale = cell('locale');
      if (locale && !realm.settings.locales.includes(locale)) reasons.push(`locale must be one of ${realm.settings.locales.join(', ')}`);
      let organizationId = defaultOrg?.id ?? null;
      const orgSlug = cell('organization');
      if (orgSlug) {
        if (!orgCache.has(orgSlug)) orgCache.set(orgSlug, (await this.realms.organizationBySlug(realm.id, orgSlug))?.id ?? null);
        organizationId = orgCache.get(orgSlug) ?? null;
        if (!organizationId) reasons.push(`organisation "${orgSlug}" does not exist`);
      }
      const password = cell('password');
      if (password && login) {
        const violations = await this.policy.violations(realm.settings.passwordPolicy, password, { login });
        if (violations.length) reasons.push(`password breaks the policy: ${violations.map((v) => v.rule).join(', ')}`);
      }
      if (reasons.length) {
        report.rejected.push({ row, login, reasons });
        continue;
      }
      if (options.dryRun) {
        report.created.push({ row, login, id: null });
        continue;
      }
      const id = await this.createOne(realm, { login, email: email || null, phone, birthDate: birthDate || null, locale: locale || null, organizationId, password: password || null }, options);
      report.created.push({ row, login, id });
    }
    return report;
  }

  private async createOne(
    realm: RequestRealm,
    row: { login: string; email: string | null; phone: string | null; birthDate: string | null; locale: string | null; organizationId: string | null; password: string | null },
    options: ImportOptions,
  ): Promise<string> {
    // A password is set by an UPDATE of the new row, which the session cache's guard cannot tell from any other.
    return this.sessions.invalidating(() => this.dataSource.transaction(async (manager) => {
      const user = await this.users.create(
        {
          realmId: realm.id,
          login: row.login,
          organizationId: row.organizationId,
          email: row.email,
          emailVerified: Boolean(options.contactsVerified && row.email),
          phone: row.phone,
          phoneVerified: Boolean(options.contactsVerified && row.phone),
          birthDate: row.birthDate,
          locale: row.locale,
        },
        manager,
      );
      if (row.password) {
        const passwordHash = await this.policy.hashAndRecord(user.id, row.password, manager);
        await this.users.update(user.id, { passwordHash }, manager);
      } else if (options.sendSetupLinks && row.email) {
        const { link } = await this.resetTokens.issue({ realmId: realm.id, realmSlug: realm.slug, userId: user.id, ttlSeconds: SETUP_LINK_TTL_SECONDS }, manager);
        await this.notifications.queue(
          { realmId: realm.id, userId: user.id, notice: 'setup-link', channel: 'email', to: row.email, locale: row.locale ?? realm.settings.defaultLocale, params: { ttlSeconds: SETUP_LINK_TTL_SECONDS }, secrets: { link } },
          manager,
        );
      }
      await this.audit.record({ realmId: realm.id, type: 'user.created', userId: user.id, organizationId: row.organizationId, details: { login: row.login, roles: ['user'], source: 'csv-import' } }, manager);
      return user.id;
    }));
  }
}

/** The rejected rows as CSV (row, login, reasons), for the operator to fix and import again. */
export function rejectedRowsCsv(report: ImportReport): string {
  return [csvLine(['row', 'login', 'reasons']), ...report.rejected.map((r) => csvLine([r.row, r.login, r.reasons.join('; ')]))].join('\n') + '\n';
}
