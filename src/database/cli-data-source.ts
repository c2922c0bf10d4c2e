import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfigOrExit } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

/** For the TypeORM CLI: `npx typeorm -d dist/src/database/cli-data-source.js migration:show`. */
export default new DataSource(dataSourceOptions(loadConfigOrExit().databaseUrl));
