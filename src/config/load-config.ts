import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { AppConfig, DatabaseConfig } from './app-config';

export type Env = Record<string, string | undefined>;

/** Thrown when the environment is invalid; its message names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const PRESETS = ['merchant', 'school', 'standard'] as const;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * Parses and validates the environment. Pure: reads only the given object, so tests pass
 * their own. Every problem is collected and reported at once.
 */
export function loadConfig(env: Env): AppConfig {
  const problems: string[] = [];
  const str = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const int = (name: string, def: number, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const raw = str(name);
    if (raw === undefined) return def;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name}="${raw}" must be an integer from ${min} to ${max}`);
      return def;
    }
    return Number(raw);
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], def: T): T => {
    const raw = str(name);
    if (raw === undefined) return def;
    if (!(allowed as readonly string[]).includes(raw)) {
      problems.push(`${name}="${raw}" must be one of: ${allowed.join(', ')}`);
      return def;
    }
    return raw as T;
  };
  const url = (name: string, def: string | undefined, protocols: string[]): string | undefined => {
    const raw = str(name) ?? def;
    if (raw === undefined) return undefined;
    try {
      const u = new URL(raw);
      if (!protocols.includes(u.protocol)) throw new Error('protocol');
      return raw.replace(/\/+$/, '');
    } catch {
      problems.push(`${name}="${raw}" must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
      return def;
    }
  };

  const nodeEnv = oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const production = nodeEnv === 'production';
  const port = int('PORT', 3000, 0, 65535);
  const publicUrl = url('PUBLIC_URL', `http://localhost:${port}`, ['http:', 'https:'])!;

  const database = parseDatabaseUrl(str('DATABASE_URL') ?? 'sqlite:./data/app.sqlite', problems);
  const redisUrl = url('REDIS_URL', undefined, ['redis:', 'rediss:']);
  const redisKeyPrefix = str('REDIS_KEY_PREFIX') ?? 'ars:';
  if (!/^[\w:.-]{1,64}$/.test(redisKeyPrefix)) problems.push(`REDIS_KEY_PREFIX="${redisKeyPrefix}" must be 1-64 characters: letters, digits, _ : . -`);

  const appSecret = str('APP_SECRET');
  if (appSecret !== undefined && appSecret.length < 32) {
    problems.push('APP_SECRET must be at least 32 characters (e.g. `openssl rand -base64 48`)');
  }
  if (production && appSecret === undefined) {
    problems.push('APP_SECRET is required when NODE_ENV=production (at least 32 random characters)');
  }

  const emailProvider = oneOf('EMAIL_PROVIDER', ['sendgrid', 'smtp', 'log', 'webhook'] as const, 'log');
  const smsProvider = oneOf('SMS_PROVIDER', ['twilio', 'log', 'webhook'] as const, 'log');
  const sendgridApiKey = str('SENDGRID_API_KEY');
  const smtpUrl = url('SMTP_URL', undefined, ['smtp:', 'smtps:']);
  if (emailProvider === 'sendgrid' && !sendgridApiKey) problems.push('SENDGRID_API_KEY is required when EMAIL_PROVIDER=sendgrid');
  if (emailProvider === 'smtp' && !smtpUrl) problems.push('SMTP_URL is required when EMAIL_PROVIDER=smtp (smtp://user:pass@host:587)');
  const emailFrom = str('EMAIL_FROM') ?? 'no-reply@localhost';
  if (!/^[^\s@]+@[^\s@]+$/.test(emailFrom.replace(/^.*<(.+)>$/, '$1'))) {
    problems.push(`EMAIL_FROM="${emailFrom}" must be an e-mail address, optionally as "Name <address>"`);
  }
  const twilioAccountSid = str('TWILIO_ACCOUNT_SID');
  const twilioAuthToken = str('TWILIO_AUTH_TOKEN');
  const twilioFrom = str('TWILIO_FROM');
  if (smsProvider === 'twilio') {
    if (!twilioAccountSid || !/^AC[0-9a-fA-F]{32}$/.test(twilioAccountSid)) {
      problems.push('TWILIO_ACCOUNT_SID is required when SMS_PROVIDER=twilio and must look like AC followed by 32 hex digits');
    }
    if (!twilioAuthToken) problems.push('TWILIO_AUTH_TOKEN is required when SMS_PROVIDER=twilio');
    if (!twilioFrom) problems.push('TWILIO_FROM is required when SMS_PROVIDER=twilio (an E.164 number or a messaging service SID)');
  }

  const webhookUrl = url('WEBHOOK_URL', undefined, ['http:', 'https:']);
  const webhookSecret = str('WEBHOOK_SECRET');
  if (emailProvider === 'webhook' || smsProvider === 'webhook') {
    if (!webhookUrl) problems.push('WEBHOOK_URL is required when EMAIL_PROVIDER or SMS_PROVIDER is webhook');
    if (!webhookSecret || webhookSecret.length < 16) problems.push('WEBHOOK_SECRET (at least 16 characters) is required when EMAIL_PROVIDER or SMS_PROVIDER is webhook');
  }

  const captchaTestAnswer = str('CAPTCHA_TEST_ANSWER');
  if (production && captchaTestAnswer !== undefined) {
    problems.push('CAPTCHA_TEST_ANSWER must not be set when NODE_ENV=production');
  }

  const notifyTimeoutMs = int('NOTIFY_TIMEOUT_MS', 10000, 1);
  const notifyLeaseMs = int('NOTIFY_LEASE_MS', 60000, 1000, 60000);
  // The lease must outlast a provider call and the write that records its outcome.
  if (notifyLeaseMs < notifyTimeoutMs + 1000) {
    problems.push(`NOTIFY_LEASE_MS (${notifyLeaseMs}) must be at least NOTIFY_TIMEOUT_MS (${notifyTimeoutMs}) + 1000`);
  }

  const trustProxy = parseTrustProxy(str('TRUST_PROXY'), problems);

  const defaultRealm = str('DEFAULT_REALM');
  if (defaultRealm !== undefined && !SLUG.test(defaultRealm)) problems.push(`DEFAULT_REALM="${defaultRealm}" must be a realm slug (a-z, 0-9, -)`);
  const bootstrapRealm = str('BOOTSTRAP_REALM') ?? 'demo';
  if (!SLUG.test(bootstrapRealm)) problems.push(`BOOTSTRAP_REALM="${bootstrapRealm}" must be a realm slug (a-z, 0-9, -)`);
  const bootstrapPreset = oneOf('BOOTSTRAP_REALM_PRESET', PRESETS, 'standard');
  const adminLogin = str('BOOTSTRAP_ADMIN_LOGIN') ?? 'admin';
  if (adminLogin.length > 100) problems.push('BOOTSTRAP_ADMIN_LOGIN must be at most 100 characters');
  const adminPassword = env.BOOTSTRAP_ADMIN_PASSWORD === '' ? undefined : env.BOOTSTRAP_ADMIN_PASSWORD;

  const workers = parseWorkers(str('CLUSTER_WORKERS'), database.kind, redisUrl, problems);
  const workerIndex = int('CLUSTER_WORKER_INDEX', 0, 0, 255);
  const sessionCacheMode = oneOf('SESSION_CACHE', ['auto', 'off'] as const, 'auto');

  const config = AppConfig.from({
    nodeEnv,
    port,
    publicUrl,
    database,
    redisUrl,
    redisKeyPrefix,
    appSecret: appSecret ?? '',
    logLevel: oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    trustProxy,
    defaultRealm,
    bootstrap: { realm: bootstrapRealm, preset: bootstrapPreset, adminLogin, adminPassword },
    throttle: {
      loginLimit: int('THROTTLE_LOGIN_LIMIT', 20, 1),
      loginIdLimit: int('THROTTLE_LOGIN_ID_LIMIT', 10, 1),
      recoveryLimit: int('THROTTLE_RECOVERY_LIMIT', 10, 1),
    },
    email: {
      provider: emailProvider,
      from: emailFrom,
      sendgridApiKey,
      sendgridApiUrl: url('SENDGRID_API_URL', 'https://api.sendgrid.com', ['http:', 'https:'])!,
      smtpUrl,
    },
    sms: {
      provider: smsProvider,
      twilioAccountSid,
      twilioAuthToken,
      twilioFrom,
      twilioApiUrl: url('TWILIO_API_URL', 'https://api.twilio.com', ['http:', 'https:'])!,
    },
    notify: {
      timeoutMs: notifyTimeoutMs,
      retryBaseMs: int('NOTIFY_RETRY_BASE_MS', 1000, 1),
      maxAttempts: int('NOTIFY_MAX_ATTEMPTS', 8, 1, 100),
      leaseMs: notifyLeaseMs,
    },
    webhook: { url: webhookUrl, secret: webhookSecret },
    captchaTestAnswer,
    cluster: { workers, workerIndex },
    // Without Redis there is no channel to tell other instances about a revocation: no cache.
    sessionCache: { enabled: sessionCacheMode === 'auto' && redisUrl !== undefined, maxEntries: int('SESSION_CACHE_MAX', 50_000, 1, 10_000_000) },
    heapGrowingPercent: int('HEAP_GROWING_PERCENT', 100, 0, 1000),
    idleGcSeconds: int('IDLE_GC_SECONDS', 3, 0, 86_400),
  });
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/**
 * CLUSTER_WORKERS: one process by default; `auto` runs one worker per core (at most 4) on
 * PostgreSQL with Redis, one process otherwise; a number forces it. SQLite is one process (one
 * writer); several workers need Redis, or each would keep its own rate-limit counters. One process
 * is the default because on two cores it was as fast as two workers for the session check and
 * faster for sign-in and recovery (the database, Redis and argon2 use the second core), at half
 * the memory (docs/benchmarks.md).
 */
function parseWorkers(raw: string | undefined, kind: DatabaseConfig['kind'], redisUrl: string | undefined, problems: string[]): number {
  const shared = kind === 'postgres' && redisUrl !== undefined;
  if (raw === undefined) return 1;
  if (raw === 'auto') return shared ? Math.max(1, Math.min(4, availableParallelism())) : 1;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 64) {
    problems.push(`CLUSTER_WORKERS="${raw}" must be auto or an integer from 1 to 64`);
    return 1;
  }
  const n = Number(raw);
  if (n > 1 && !shared) problems.push(`CLUSTER_WORKERS=${n} needs PostgreSQL and REDIS_URL (SQLite has one writer; rate limits and session revocation are shared through Redis)`);
  return n;
}

function parseDatabaseUrl(raw: string, problems: string[]): DatabaseConfig {
  if (raw.startsWith('sqlite:')) {
    const path = raw.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!path) problems.push('DATABASE_URL="sqlite:" needs a file path, e.g. sqlite:./data/app.sqlite');
    return { kind: 'sqlite', sqlitePath: path || './data/app.sqlite' };
  }
  if (/^postgres(ql)?:\/\//.test(raw)) {
    try {
      const u = new URL(raw);
      if (!u.hostname || u.pathname.length <= 1) throw new Error('incomplete');
      return { kind: 'postgres', url: raw };
    } catch {
      problems.push('DATABASE_URL must look like postgres://user:password@host:5432/database');
      return { kind: 'postgres', url: raw };
    }
  }
  problems.push(`DATABASE_URL must be sqlite:<path> or postgres://user:password@host:5432/database (got "${raw.replace(/:[^:@/]*@/, ':***@')}")`);
  return { kind: 'sqlite', sqlitePath: './data/app.sqlite' };
}

function parseTrustProxy(raw: string | undefined, problems: string[]): AppConfig['trustProxy'] {
  if (raw === undefined || raw === 'false' || raw === 'none') return false;
  if (raw === 'loopback') return 'loopback';
  if (/^\d+$/.test(raw)) return Number(raw);
  const parts = raw.split(',').map((p) => p.trim()).filter(Boolean);
  const bad = parts.filter((p) => {
    const [addr, bits, extra] = p.split('/');
    if (extra !== undefined || !isIP(addr)) return true;
    if (bits === undefined) return false;
    const max = isIP(addr) === 4 ? 32 : 128;
    return !/^\d+$/.test(bits) || Number(bits) > max;
  });
  if (bad.length || parts.length === 0) {
    problems.push(`TRUST_PROXY="${raw}" must be "loopback", a hop count, or a comma-separated list of addresses or CIDRs`);
    return false;
  }
  return parts;
}
