import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppConfig } from './app-config';

/**
 * Outside production, a missing APP_SECRET is generated once and kept in a file (mode 0600)
 * so that sessions and links survive restarts. Production requires it (checked in loadConfig).
 */
export function resolveAppSecret(config: AppConfig, file = './data/app-secret'): AppConfig {
  if (config.appSecret) return config;
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length >= 32) {
      config.appSecret = kept;
      return config;
    }
    // An empty or truncated file (a crash mid-write) must never become a weak key.
  }
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  config.appSecret = secret;
  return config;
}
