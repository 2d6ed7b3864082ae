import type { NextFunction, Request, Response } from 'express';

type Middleware = (req: Request, res: Response, next: NextFunction) => void;

/**
 * A header middleware whose headers never depend on the request (helmet with literal options: no
 * directive given as a function, no nonce), run once at start against a recorder and replayed on
 * every request as plain `setHeader` calls. helmet runs ~11 sub-middlewares per request, each a
 * closure call and a `next()`; the replay sets the same headers in the same order.
 * Throws at start if the middleware does anything but set and remove headers synchronously.
 */
export function fixedHeaders(middleware: Middleware): Middleware {
  const ops: Array<[name: string, value: string | readonly string[] | null]> = [];
  let done = false;
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      ops.push([name, Array.isArray(value) ? [...(value as string[])] : String(value)]);
      return recorder;
    },
    removeHeader(name: string) {
      ops.push([name, null]);
    },
  };
  const request = { method: 'GET', url: '/', headers: {} };
  middleware(request as unknown as Request, recorder as unknown as Response, (err?: unknown) => {
    if (err) throw err instanceof Error ? err : new Error(String(err));
    done = true;
  });
  if (!done) throw new Error('fixedHeaders: the middleware did not finish synchronously');
  return (_req, res, next) => {
    for (const [name, value] of ops) {
      if (value === null) res.removeHeader(name);
      else res.setHeader(name, value);
    }
    next();
  };
}
