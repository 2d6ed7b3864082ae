import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

const MAIN = resolve(__dirname, '../../src/main.js');

/** One JSON log line of the child. */
export interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

/**
 * The service as an operator runs it (`node dist/src/main.js`, the production command) in a
 * child process, on a port of its choosing, logging JSON (stdout is a pipe).
 */
export class ChildServer {
  readonly lines: LogLine[] = [];
  stderr = '';
  port = 0;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;
  private readonly waiters: Array<() => void> = [];

  private constructor(env: Record<string, string>, cwd: string) {
    this.child = spawn(process.execPath, [MAIN], { cwd, env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', ...env } });
    let buffered = '';
    this.child.stdout!.on('data', (d: Buffer) => {
      buffered += d.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts.filter(Boolean)) {
        try {
          this.lines.push(JSON.parse(line) as LogLine);
        } catch {
          this.lines.push({ level: 'raw', msg: line });
        }
      }
      for (const w of this.waiters.splice(0)) w();
    });
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((done) => this.child.on('exit', (code, signal) => done({ code, signal })));
  }

  /** Starts the service and resolves once it listens. */
  static async start(env: Record<string, string>, cwd: string): Promise<ChildServer> {
    const server = new ChildServer(env, cwd);
    ChildServer.running.add(server);
    void server.exited.then(() => ChildServer.running.delete(server));
    try {
      const line = await server.waitFor((l) => /^Listening on port/.test(l.msg), 90_000);
      server.port = Number(line.port);
    } catch (e) {
      server.kill('SIGKILL');
      throw e;
    }
    return server;
  }

  /** Kills every child still running (call from `after`): a failed test must not leave one behind. */
  static async killAll(): Promise<void> {
    const left = [...ChildServer.running];
    for (const server of left) server.kill('SIGKILL');
    await Promise.all(left.map((s) => s.exited));
  }

  private static readonly running = new Set<ChildServer>();

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Resolves with the first log line (seen or to come) that matches. */
  waitFor(match: (line: LogLine) => boolean, ms = 20_000): Promise<LogLine> {
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`no such log line within ${ms} ms; stderr: ${this.stderr.slice(0, 500)}`)), ms);
      const check = () => {
        const found = this.lines.find(match);
        if (found) {
          clearTimeout(timer);
          resolvePromise(found);
        } else this.waiters.push(check);
      };
      void this.exited.then(() => {
        const found = this.lines.find(match);
        if (!found) {
          clearTimeout(timer);
          reject(new Error(`exited first; stderr: ${this.stderr.slice(0, 500)}`));
        }
      });
      check();
    });
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }
}
