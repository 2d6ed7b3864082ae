import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CommonPasswordEstimator } from './common-password-estimator';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('CommonPasswordEstimator', () => {
  it('scores in a worker: common passwords low, a passphrase high, the user\'s own words count', async () => {
    const e = new CommonPasswordEstimator();
    try {
      assert.equal(e.loaded, false, 'nothing is loaded before the first check');
      const [weak, strong, ownName, other] = await Promise.all([
        e.score('password1', []),
        e.score('correct horse battery staple', []),
        e.score('zorbulax1987', ['zorbulax1987']),
        e.score('zorbulax1987', []),
      ]);
      assert.ok(weak <= 1, `password1 scored ${weak}`);
      assert.ok(strong >= 3, `a four-word passphrase scored ${strong}`);
      assert.ok(ownName < other, `the login itself (${ownName}) scores below the same string unknown (${other})`);
      assert.equal(e.loaded, true);
    } finally {
      await e.close();
    }
  });

  it('ends the worker when idle and starts it again on the next check', async () => {
    const e = new CommonPasswordEstimator(150);
    try {
      assert.ok((await e.score('qwertyuiop', [])) <= 1);
      assert.equal(e.loaded, true);
      await sleep(600);
      assert.equal(e.loaded, false, 'the dictionaries are released after idleMs without a check');
      assert.ok((await e.score('iloveyou12', [])) <= 1, 'a check after the idle spell is answered by a new worker');
    } finally {
      await e.close();
    }
  });

  it('a worker that dies fails the checks it held, and the next check gets a new worker', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'estimator-'));
    const crashing = path.join(dir, 'crash.js');
    writeFileSync(crashing, "require('node:worker_threads').parentPort.on('message', () => process.exit(3));\n");
    const e = new CommonPasswordEstimator(30_000, crashing);
    await assert.rejects(e.score('anything', []), /exited \(code 3\)/);
    assert.equal(e.loaded, false);
    await assert.rejects(e.score('again', []), /exited \(code 3\)/, 'a fresh worker was started for the next check');
    await e.close();
  });
});
