import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fullCollection, IdleCollector } from './idle-collector';

describe('IdleCollector', () => {
  it('collects once per quiet spell, after idleMs without a request', () => {
    let now = 0;
    let runs = 0;
    const c = new IdleCollector(3000, () => runs++, () => now);
    c.noteRequest();
    assert.equal(c.tick(), false, 'a request since the last look starts a quiet spell');
    now = 2999;
    assert.equal(c.tick(), false, 'not quiet long enough');
    now = 3000;
    assert.equal(c.tick(), true);
    now = 10_000;
    assert.equal(c.tick(), false, 'once per spell');
    c.noteRequest();
    now = 11_000;
    assert.equal(c.tick(), false);
    now = 13_999;
    assert.equal(c.tick(), false);
    now = 14_000;
    assert.equal(c.tick(), true, 'a new spell after new requests');
    assert.equal(runs, 2);
  });

  it('never collects at start-up before the first request, nor with idleMs 0', () => {
    let now = 0;
    let runs = 0;
    const c = new IdleCollector(1000, () => runs++, () => now);
    now = 60_000;
    assert.equal(c.tick(), false);
    const off = new IdleCollector(0, () => runs++).start();
    off.stop();
    assert.equal(runs, 0);
  });

  it("fullCollection runs V8's collector: unreachable memory is given back", () => {
    const gc = fullCollection();
    const holder: { garbage: number[][] | null } = { garbage: Array.from({ length: 200 }, () => new Array<number>(10_000).fill(1)) };
    gc();
    const before = process.memoryUsage().heapUsed;
    assert.equal(holder.garbage?.length, 200);
    holder.garbage = null;
    gc();
    const after = process.memoryUsage().heapUsed;
    assert.ok(before - after > 10 * 1024 * 1024, `heap fell by ${((before - after) / 1048576).toFixed(1)} MB`);
  });
});
