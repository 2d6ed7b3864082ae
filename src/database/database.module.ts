import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { serializeSqliteTransactions } from './sqlite-transaction-lock';

/** The TypeORM data source; pending migrations run at start. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ ...dataSourceOptions(config.database), migrationsRun: true }),
      dataSourceFactory: async (options?: DataSourceOptions) => serializeSqliteTransactions(new DataSource(options!)),
    }),
  ],
})
export class DatabaseModule {}
