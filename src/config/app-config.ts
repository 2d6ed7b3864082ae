/** Which database driver the service runs on. */
export type DatabaseKind = 'sqlite' | 'postgres';

export interface DatabaseConfig {
  kind: DatabaseKind;
  /** SQLite file path (or ':memory:') when kind is sqlite. */
  sqlitePath?: string;
  /** Connection URL when kind is postgres. */
  url?: string;
}

/** Typed, validated configuration; the only place environment variables are read is `config/`. */
export class AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  publicUrl: string;
  database: DatabaseConfig;
  redisUrl?: string;
  /** Prefix of every key this service writes to Redis (several services or test runs may share one Redis). */
  redisKeyPrefix: string;
  /** Master secret; keyed hashes and at-rest encryption keys are derived from it. */
  appSecret: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  trustProxy: boolean | number | string[] | 'loopback';
  defaultRealm?: string;
  bootstrap: {
    realm: string;
    preset: 'merchant' | 'school' | 'standard';
    adminLogin: string;
    adminPassword?: string;
  };
  throttle: { loginLimit: number; loginIdLimit: number; recoveryLimit: number };
  email: {
    provider: 'sendgrid' | 'smtp' | 'log' | 'webhook';
    from: string;
    sendgridApiKey?: string;
    sendgridApiUrl: string;
    smtpUrl?: string;
  };
  sms: {
    provider: 'twilio' | 'log' | 'webhook';
    twilioAccountSid?: string;
    twilioAuthToken?: string;
    twilioFrom?: string;
    twilioApiUrl: string;
  };
  /** `leaseMs`: how long a claimed message stays claimed; after it a crashed worker's message is due again. */
  notify: { timeoutMs: number; retryBaseMs: number; maxAttempts: number; leaseMs: number };
  /** The `webhook` provider (selectable for e-mail and SMS): where to POST, and the signing secret. */
  webhook: { url?: string; secret?: string };
  captchaTestAnswer?: string;
  /**
   * Processes: `workers` HTTP workers under node:cluster (1 = one process, no cluster primary);
   * `workerIndex` is this worker's slot (0 in a single process); only slot 0 runs the outbox timer.
   * `sessionCache`: live sessions cached per process, invalidated across instances through Redis.
   */
  cluster: { workers: number; workerIndex: number };
  sessionCache: { enabled: boolean; maxEntries: number };
  /**
   * How far V8 lets the heap grow past what the last full collection kept: the next one runs at
   * (1 + percent/100) × the live size. 0 leaves V8's own factor (up to 4×). See src/heap-defaults.ts.
   */
  heapGrowingPercent: number;
  /** Quiet seconds (no request) after which one full garbage collection runs; 0: never. See idle-collector.ts. */
  idleGcSeconds: number;

  get isProduction(): boolean {
    return this.nodeEnv === 'production';
  }

  /** True when cookies must carry the Secure flag. */
  get secureCookies(): boolean {
    return this.publicUrl.startsWith('https:');
  }

  static from(values: Omit<AppConfig, 'isProduction' | 'secureCookies'>): AppConfig {
    return Object.assign(new AppConfig(), values);
  }
}
