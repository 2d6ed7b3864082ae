import type { Request } from 'express';
import type { RealmEntity } from '../../realms/entities/realm.entity';
import type { RealmSettings } from '../../realms/realm-settings';
import type { UserEntity } from '../../users/entities/user.entity';

/** The realm a request is scoped to, with its settings completed from its preset. */
export interface RequestRealm {
  entity: RealmEntity;
  id: string;
  slug: string;
  settings: RealmSettings;
}

/** The signed-in session of a request (set by the session guard). */
export interface RequestAuth {
  sessionId: string;
  expiresAt: Date;
  user: UserEntity;
}

/** An Express request with what the service attaches to it. */
export interface AppRequest extends Request {
  id: string;
  realm?: RequestRealm;
  auth?: RequestAuth;
  /** The route for metrics and the request log, when a handler before the router answered. */
  routeLabel?: string;
}
