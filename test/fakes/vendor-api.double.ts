import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the double received. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** What the double answers; `delayMs` holds the answer back (timeouts). */
export interface DoubleAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
}

/**
 * A local HTTP stand-in for a vendor API (SendGrid, Twilio, a webhook receiver) on 127.0.0.1:
 * records every request and answers with what the test scripted (`answer`), default 200 `{}`.
 */
export class VendorApiDouble {
  readonly requests: RecordedRequest[] = [];
  answer: (req: RecordedRequest, index: number) => DoubleAnswer = () => ({ status: 200, body: {} });
  private server: Server | undefined;
  private readonly pending = new Set<NodeJS.Timeout>();

  get url(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  /** Answers in turn from the list; the last one repeats. */
  script(...answers: DoubleAnswer[]): void {
    this.answer = (_req, i) => answers[Math.min(i, answers.length - 1)];
  }

  async close(): Promise<void> {
    for (const t of this.pending) clearTimeout(t);
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const index = this.requests.push(recorded) - 1;
      const a = this.answer(recorded, index);
      const reply = () => {
        if (res.destroyed) return;
        res.writeHead(a.status, { 'Content-Type': 'application/json', ...a.headers });
        res.end(a.body === undefined ? '' : JSON.stringify(a.body));
      };
      if (a.delayMs) {
        const t = setTimeout(() => {
          this.pending.delete(t);
          reply();
        }, a.delayMs);
        this.pending.add(t);
      } else reply();
    });
  }
}
