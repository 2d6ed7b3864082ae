import { existsSync } from 'node:fs';
import { config as loadDotenv } from 'dotenv';
import { Env } from './load-config';

/** The process environment, with `.env` read first when present (existing variables win). */
export function readEnvironment(): Env {
  if (existsSync('.env')) loadDotenv({ path: '.env', quiet: true });
  return process.env;
}
