import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from './src/config/load-config';
import { readEnvironment } from './src/config/read-env';
import { dataSourceOptions } from './src/database/data-source-options';

/** The DataSource for the TypeORM CLI (`npm run migration:run`). */
export default new DataSource(dataSourceOptions(loadConfig(readEnvironment()).database));
