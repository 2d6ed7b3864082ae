import { Injectable } from '@nestjs/common';
import { Brackets } from 'typeorm';
import { normalizeLogin } from '../../users/login';
import type { UserEntity } from '../../users/entities/user.entity';
import { UsersService } from '../../users/users.service';
import type { AdminScope } from '../admin-scope';

export interface ListUsersInput {
  q?: string;
  organizationId?: string;
  page?: number;
  pageSize?: number;
}

/**
 * Users in the caller's scope, by login: `q` is a case-insensitive substring of login, e-mail or
 * phone; pages from 1, 20 a page by default, at most 100.
 */
@Injectable()
export class ListUsersUseCase {
  constructor(private readonly users: UsersService) {}

  async execute(scope: AdminScope, input: ListUsersInput): Promise<{ items: UserEntity[]; total: number }> {
    const page = Math.max(1, input.page ?? 1);
    const pageSize = Math.min(100, Math.max(1, input.pageSize ?? 20));
    const qb = this.users.repo().createQueryBuilder('u').where('u.realmId = :realmId', { realmId: scope.realmId });
    if (!scope.isRealmAdmin) {
      qb.andWhere('u.organizationId = :own', { own: scope.organizationId }).andWhere('u.roles NOT LIKE :ra', { ra: '%"realm_admin"%' });
    }
    if (input.organizationId !== undefined) qb.andWhere('u.organizationId = :org', { org: input.organizationId });
    const q = input.q?.trim();
    if (q) {
      const pattern = `%${escapeLike(normalizeLogin(q))}%`;
      const digits = q.replace(/[\s()-]/g, '');
      qb.andWhere(
        new Brackets((w) => {
          w.where("u.loginNormalized LIKE :p ESCAPE '\\'", { p: pattern }).orWhere("u.emailNormalized LIKE :p ESCAPE '\\'", { p: pattern });
          if (digits) w.orWhere("u.phone LIKE :ph ESCAPE '\\'", { ph: `%${escapeLike(digits)}%` });
        }),
      );
    }
    const [items, total] = await qb
      .orderBy('u.loginNormalized', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items, total };
  }
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
