import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { ResilientPgClient } from './resilient-pg-client';

/**
 * PostgreSQL time limits, chosen so that while the database is unreachable every request
 * fails within the contract's 5 seconds (503 service_unavailable) instead of hanging:
 * opening a connection or waiting for a free one in the pool gives up after CONNECT,
 * the server cancels a statement after STATEMENT, and the client stops waiting for an answer
 * (a black-holed network) after QUERY, dropping that connection.
 */
export const PG_TIMEOUTS = { connectMs: 2000, statementMs: 2500, queryMs: 3500, idleMs: 10_000 } as const;

/** TypeORM options for the configured database; the schema comes only from migrations. */
export function dataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logging: false,
  };
  if (db.kind === 'postgres') {
    return {
      ...common,
      type: 'postgres',
      url: db.url,
      extra: {
        max: 10,
        Client: ResilientPgClient,
        connectionTimeoutMillis: PG_TIMEOUTS.connectMs,
        statement_timeout: PG_TIMEOUTS.statementMs,
        query_timeout: PG_TIMEOUTS.queryMs,
        idleTimeoutMillis: PG_TIMEOUTS.idleMs,
        // A dead peer is noticed by TCP keep-alive even on an idle connection.
        keepAlive: true,
        keepAliveInitialDelayMillis: 10_000,
      },
    };
  }
  const path = db.sqlitePath ?? './data/app.sqlite';
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: path,
    enableWAL: true,
    timeout: 5000,
    prepareDatabase: (sqlite: { pragma(s: string): unknown }) => {
      sqlite.pragma('foreign_keys = ON');
      sqlite.pragma('synchronous = NORMAL');
    },
  };
}
