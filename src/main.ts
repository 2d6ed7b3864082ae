import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { applyHeapDefaults } from './common/lifecycle/heap-defaults';
import { IdleCollector } from './common/lifecycle/idle-collector';
import { installGracefulShutdown, keepProcessUpOnStrayRejections } from './common/lifecycle/graceful-shutdown';
import { AppLogger } from './common/logging/app-logger';
import { createConsoleLogger } from './common/logging/console-logger';
import { startupConfigOrExit } from './config/startup-config';

async function main(): Promise<void> {
  const config = startupConfigOrExit();
  applyHeapDefaults(config.heapGrowingPercent);
  const logger = new AppLogger(createConsoleLogger(config.logLevel));
  keepProcessUpOnStrayRejections(logger);
  const app = await NestFactory.create(AppModule.forRoot(config, logger), { bodyParser: false, logger });
  configureApp(app, config);
  await app.listen(config.port);
  app.get(IdleCollector).start();
  installGracefulShutdown(app, logger);
  const realm = config.defaultRealm ?? config.bootstrap.realm;
  const port = (app.getHttpServer().address() as AddressInfo).port;
  logger.pino.info(
    { port, database: config.database.kind, banner: true },
    `Listening on port ${port}. Sign-in page: ${config.publicUrl}/realms/${realm}/sign-in — API docs: ${config.publicUrl}/docs`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`Failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
