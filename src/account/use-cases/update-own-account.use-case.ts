import { Injectable } from '@nestjs/common';
import { Sessions } from '../../auth/sessions.port';
import { DomainError } from '../../common/errors/domain-error';
import type { RequestAuth, RequestRealm } from '../../common/http/app-request';
import type { UserEntity } from '../../users/entities/user.entity';
import { UsersService } from '../../users/users.service';

/** What a user may change about themselves here: the language (one of the realm's). */
@Injectable()
export class UpdateOwnAccountUseCase {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: Sessions,
  ) {}

  async execute(realm: RequestRealm, auth: RequestAuth, input: { locale: string }): Promise<UserEntity> {
    if (!realm.settings.locales.includes(input.locale)) throw new DomainError('validation_failed', { fields: [{ field: 'locale', message: 'isIn' }] });
    // A session check returns the user, language included.
    await this.sessions.invalidating(() => this.users.update(auth.user.id, { locale: input.locale }));
    const user = await this.users.findById(realm.id, auth.user.id);
    if (!user) throw new DomainError('unauthenticated');
    return user;
  }
}
