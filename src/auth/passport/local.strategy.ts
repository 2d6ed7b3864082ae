import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import { DomainError } from '../../common/errors/domain-error';
import type { AppRequest } from '../../common/http/app-request';
import { LoginOutcome, LoginUseCase } from '../use-cases/login.use-case';

/** passport-local over the login use case; the realm comes from the path (RealmGuard ran first). */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly loginUseCase: LoginUseCase) {
    super({ usernameField: 'login', passwordField: 'password', passReqToCallback: true, session: false });
  }

  async validate(req: AppRequest, login: string, password: string): Promise<LoginOutcome> {
    if (!req.realm) throw new DomainError('realm_not_found');
    return this.loginUseCase.execute(req.realm, login, password, req.ip ?? null, req.get('user-agent') ?? null);
  }
}
