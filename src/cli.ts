import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli/cli.module';
import { DomainError } from './common/errors/domain-error';
import { AppLogger } from './common/logging/app-logger';
import { createLogger } from './common/logging/logger';
import { t } from './i18n/i18n';
import { ConfigError, loadConfig } from './config/load-config';
import { readEnvironment } from './config/read-env';
import { resolveAppSecret } from './config/resolve-app-secret';

/**
 * Operator command line: `npm run cli -- <command>` (see docs/administration.md). Uses the same
 * configuration as the server (DATABASE_URL, APP_SECRET, …); logs go to stderr, results to stdout.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = resolveAppSecret(loadConfig(readEnvironment()));
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  const level = config.logLevel === 'info' ? 'warn' : config.logLevel;
  const logger = new AppLogger(createLogger(level, process.stderr));
  await CommandFactory.run(CliModule.forRoot(config, logger), {
    logger: false,
    cliName: 'npm run cli --',
    serviceErrorHandler: (err) => fail(err),
    errorHandler: (err) => {
      const code = (err as { code?: string }).code;
      if (code === 'commander.helpDisplayed' || code === 'commander.help' || code === 'commander.version') process.exit(0);
      fail(err);
    },
  });
}

function fail(err: Error): never {
  if (err instanceof DomainError) {
    const fields = (err.details?.fields as Array<{ field: string }> | undefined)?.map((f) => f.field).join(', ');
    process.stderr.write(`Error: ${err.code}: ${t('en', `errors.${err.code}`)}${fields ? ` (${fields})` : ''}\n`);
    if (err.code === 'password_policy') process.stderr.write(`Broken rules: ${(err.details?.violations as Array<{ rule: string }>).map((v) => v.rule).join(', ')}\n`);
  } else {
    process.stderr.write(`Error: ${err.message}\n`);
  }
  process.exit(1);
}

main().catch((e: unknown) => fail(e instanceof Error ? e : new Error(String(e))));
