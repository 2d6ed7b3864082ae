import { Injectable } from '@nestjs/common';
import type { NextFunction, Response } from 'express';
import type { AppRequest } from '../common/http/app-request';
import { RealmsService } from '../realms/realms.service';
import { SessionResponseDto, SessionUserDto } from './dto/session-user.dto';
import { bearerTokenOf } from './session.guard';
import { SessionsService } from './sessions.service';

/** `GET /api/v1/realms/:realm/auth/session` with nothing after it but a query string. */
const SESSION_PATH = /^\/api\/v1\/realms\/([a-z0-9][a-z0-9-]{0,62})\/auth\/session(?:\?|$)/;
/** The route as the controller declares it: the label metrics and the request log use. */
export const SESSION_ROUTE = '/api/v1/realms/:realm/auth/session';

/**
 * The session check (`AuthController.session`) answered before the router, the body parsers and
 * Nest's guard and pipe chain: it is the most frequent request an identity server gets, and on
 * Express that chain is most of its cost (the router alone tries the path against every route).
 *
 * It answers only the one outcome that needs nothing else: a bearer token naming a live session
 * of an existing realm → 200 with exactly the controller's body, through the same `res.json`
 * (so the same headers, ETag included). It runs after the request-id, log, metrics and security
 * header middleware, so those are the same too. Everything else — no bearer token (the `sid`
 * cookie), an unknown realm, an unknown, expired or revoked session, HEAD, a trailing slash —
 * goes on to the controller unchanged, which answers the contract's errors. The checks are the
 * controller's: the route allows a pending password change and a pending MFA enrolment, so a
 * valid session is all it needs (`SessionGuard` with both allowances).
 */
@Injectable()
export class SessionCheckFastPath {
  constructor(
    private readonly realms: RealmsService,
    private readonly sessions: SessionsService,
  ) {}

  middleware(): (req: AppRequest, res: Response, next: NextFunction) => void {
    return (req, res, next) => {
      if (req.method !== 'GET') return next();
      const token = bearerTokenOf(req);
      if (token === undefined) return next();
      const match = SESSION_PATH.exec(req.url);
      if (!match) return next();
      this.answer(req, res, match[1], token).then(
        (answered) => answered || next(),
        (err: unknown) => next(err),
      );
    };
  }

  private async answer(req: AppRequest, res: Response, slug: string, token: string): Promise<boolean> {
    const realm = await this.realms.findBySlug(slug);
    if (!realm) return false;
    const auth = await this.sessions.peek(token, realm.id);
    if (!auth) return false;
    req.realm = realm;
    req.routeLabel = SESSION_ROUTE;
    const body: SessionResponseDto = { user: SessionUserDto.from(auth.user, realm.settings), expiresAt: auth.expiresAt.toISOString() };
    res.status(200).json(body);
    return true;
  }
}
