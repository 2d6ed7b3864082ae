import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error';
import type { RequestAuth } from '../../common/http/app-request';
import type { UserEntity } from '../../users/entities/user.entity';
import { UsersService } from '../../users/users.service';

/** The signed-in user, read fresh. */
@Injectable()
export class GetOwnAccountUseCase {
  constructor(private readonly users: UsersService) {}

  async execute(auth: RequestAuth): Promise<UserEntity> {
    const user = await this.users.findById(auth.user.realmId, auth.user.id);
    if (!user) throw new DomainError('unauthenticated');
    return user;
  }
}
