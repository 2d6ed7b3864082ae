#!/usr/bin/env node
// Runs every compiled spec (dist/**/*.spec.js) with node's test runner.
// `npm test` compiles first (pretest). Pass file filters as arguments: npm test -- auth recovery
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, out);
    else if (name.endsWith('.spec.js')) out.push(p);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = ['dist/src', 'dist/test']
  .flatMap((d) => { try { return find(d); } catch { return []; } })
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('No test files found under dist/ (did the build run?)');
  process.exit(1);
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const args = ['--enable-source-maps', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files];
const result = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, TZ: 'UTC', NODE_ENV: 'test' } });
process.exit(result.status ?? 1);
