import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { AppLogger } from './common/logging/app-logger';
import { createLogger } from './common/logging/logger';
import { ConfigError, loadConfig } from './config/load-config';
import { readEnvironment } from './config/read-env';
import { resolveAppSecret } from './config/resolve-app-secret';

async function main(): Promise<void> {
  let config;
  try {
    config = resolveAppSecret(loadConfig(readEnvironment()));
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\nSee .env.example for every variable and its meaning.\n`);
      process.exit(1);
    }
    throw e;
  }
  const logger = new AppLogger(createLogger(config.logLevel));
  const app = await NestFactory.create(AppModule.forRoot(config, logger), { bodyParser: false, logger });
  configureApp(app, config);
  await app.listen(config.port);
  const realm = config.defaultRealm ?? config.bootstrap.realm;
  logger.pino.info(
    { port: config.port, database: config.database.kind },
    `Listening on port ${config.port}. Sign-in page: ${config.publicUrl}/realms/${realm}/sign-in — API docs: ${config.publicUrl}/docs`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`Failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
