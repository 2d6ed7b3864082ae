import { Client } from 'pg';

/**
 * A pg Client that drops its connection when a query outlives `query_timeout`. pg gives up on
 * such a query but keeps the connection, which the pool then hands out again; on a black-holed
 * network every later query would queue behind the lost one. Destroying the socket makes the
 * pool discard the client and open a fresh one once the database answers again.
 */
export class ResilientPgClient extends Client {
  override query(...args: unknown[]): never {
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<unknown>).catch((e: unknown) => {
        if (e instanceof Error && e.message === 'Query read timeout') this.dropConnection();
      });
    }
    return result as never;
  }

  private dropConnection(): void {
    const stream = (this as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream;
    stream?.destroy();
  }
}
