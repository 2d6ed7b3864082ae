import { Injectable } from '@nestjs/common';
import type { UserEntity } from '../../users/entities/user.entity';
import type { AdminScope } from '../admin-scope';
import { ScopedUsers } from '../scoped-users.service';

/** One user in the caller's scope, else 404 user_not_found. */
@Injectable()
export class GetUserUseCase {
  constructor(private readonly scoped: ScopedUsers) {}

  execute(scope: AdminScope, id: string): Promise<UserEntity> {
    return this.scoped.get(scope, id);
  }
}
