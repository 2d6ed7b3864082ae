import { IsNull, LessThan, Repository } from 'typeorm';
import { SessionEntity } from '../auth/entities/session.entity';

/** `lastSeenAt` may lag by up to this much; it is also the most often a session row is written. */
export const LAST_SEEN_INTERVAL_MS = 60_000;

/** What the session check already loaded: no extra read is ever made here. */
export interface SessionActivity {
  id: string;
  createdAt: Date;
  lastSeenAt: Date | null;
}

/**
 * Called by the session check with the row it already has. When the session was last marked
 * over a minute ago, fires one conditional UPDATE (`… WHERE lastSeenAt < now - 60 s`, so
 * instances racing each other write once) without awaiting it; errors go to `onError`, never to
 * the request. The loaded value is moved forward too, so a cached copy does not fire again.
 */
export function noteSessionActivity(repo: Repository<SessionEntity>, session: SessionActivity, now: Date, onError: (err: unknown) => void): void {
  const last = (session.lastSeenAt ?? session.createdAt).getTime();
  if (now.getTime() - last < LAST_SEEN_INTERVAL_MS) return;
  session.lastSeenAt = now;
  const cutoff = new Date(now.getTime() - LAST_SEEN_INTERVAL_MS);
  const stale = [
    { id: session.id, lastSeenAt: LessThan(cutoff) },
    { id: session.id, lastSeenAt: IsNull() },
  ];
  try {
    repo.update(stale, { lastSeenAt: now }).catch(onError);
  } catch (err) {
    onError(err);
  }
}
