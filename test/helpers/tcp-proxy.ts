import { connect, createServer, Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 between the service and a server it depends on (PostgreSQL, Redis),
 * so a test can make that server fail without touching it:
 * - `cut()`   resets every connection and refuses new ones (the server is down);
 * - `blackhole()` accepts connections but forwards nothing either way (a dead network path);
 * - `restore()` forwards again; black-holed connections are reset, as a NAT would forget them.
 * Connections are ended with `destroy()`, not `resetAndDestroy()`: on Node 20 a socket reset that
 * way leaves the process spinning at exit (FreeEnvironment never finishes its handles), so the
 * spec file never ends. The service sees a closed connection either way.
 */
export class TcpProxy {
  private server: Server | undefined;
  private mode: 'open' | 'cut' | 'blackhole' = 'open';
  private readonly pairs = new Set<{ client: Socket; upstream?: Socket }>();

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** A proxy for the host and port of a URL (postgres://…, redis://…). */
  static for(url: string): TcpProxy {
    const u = new URL(url);
    return new TcpProxy(u.hostname, Number(u.port));
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  /** `url` with its host and port replaced by the proxy's. */
  via(url: string): string {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }

  async start(): Promise<this> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  cut(): void {
    this.mode = 'cut';
    this.resetAll();
  }

  blackhole(): void {
    this.mode = 'blackhole';
    for (const pair of this.pairs) this.hold(pair);
  }

  restore(): void {
    if (this.mode === 'blackhole') this.resetAll();
    this.mode = 'open';
  }

  async close(): Promise<void> {
    this.resetAll();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(client: Socket): void {
    client.on('error', () => undefined);
    if (this.mode === 'cut') {
      client.destroy();
      return;
    }
    const pair: { client: Socket; upstream?: Socket } = { client };
    this.pairs.add(pair);
    client.on('close', () => {
      this.pairs.delete(pair);
      pair.upstream?.destroy();
    });
    if (this.mode === 'blackhole') return this.hold(pair);
    const upstream = connect(this.targetPort, this.targetHost);
    pair.upstream = upstream;
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  }

  /** Stops forwarding on a connection: whatever is written to it goes nowhere. */
  private hold(pair: { client: Socket; upstream?: Socket }): void {
    pair.client.unpipe();
    pair.upstream?.unpipe();
    pair.client.removeAllListeners('data');
    pair.upstream?.removeAllListeners('data');
    pair.client.on('data', () => undefined);
    pair.upstream?.on('data', () => undefined);
  }

  private resetAll(): void {
    for (const pair of this.pairs) {
      if (!pair.client.destroyed) pair.client.destroy();
      pair.upstream?.destroy();
    }
    this.pairs.clear();
  }
}
