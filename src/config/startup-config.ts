import type { AppConfig } from './app-config';
import { ConfigError, loadConfig } from './load-config';
import { readEnvironment } from './read-env';
import { resolveAppSecret } from './resolve-app-secret';

/** The process's configuration at start (the launcher and each server): a bad variable ends the process with one clear message. */
export function startupConfigOrExit(): AppConfig {
  try {
    return resolveAppSecret(loadConfig(readEnvironment()));
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\nSee .env.example for every variable and its meaning.\n`);
      process.exit(1);
    }
    throw e;
  }
}
