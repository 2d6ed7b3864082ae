import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { DomainError } from '../../common/errors/domain-error';
import { StrictValidationPipe } from '../../common/validation/validation.pipe';
import { LoginDto } from '../dto/login.dto';
import type { LoginOutcome } from '../use-cases/login.use-case';

/**
 * Runs the local strategy; sets `req.user` to the LoginResult. The body is validated first
 * because guards run before pipes: a malformed body must be 400 validation_failed, not a
 * passport "missing credentials" failure.
 */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  private readonly pipe = new StrictValidationPipe();

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<{ body: unknown }>();
    await this.pipe.transform(req.body, { type: 'body', metatype: LoginDto });
    return (await super.canActivate(context)) as boolean;
  }

  // An empty password never reaches the strategy (passport-local refuses it): still the one failure answer.
  override handleRequest<T = LoginOutcome>(err: unknown, user: T | false): T {
    if (err) throw err;
    if (!user) throw new DomainError('invalid_credentials');
    return user;
  }
}
