import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeDevice, deviceKind, networkPrefix } from './user-agent';

const CHROME_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const SAFARI_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

describe('user agents and networks', () => {
  it('names browser and OS', () => {
    assert.equal(describeDevice(CHROME_WINDOWS, 'en'), 'Chrome on Windows');
    assert.equal(describeDevice(CHROME_WINDOWS, 'ru'), 'Chrome на Windows');
    assert.equal(describeDevice(SAFARI_IPHONE, 'en'), 'Safari on iOS');
    assert.equal(describeDevice('', 'en'), 'Unknown browser on unknown system');
    assert.equal(describeDevice(null, 'ru'), 'Неизвестный браузер на неизвестной системе');
    assert.deepEqual(deviceKind('curl/8.0'), { browser: '', os: '' });
  });

  it('ignores the browser version (a family stays the same device)', () => {
    assert.deepEqual(deviceKind(CHROME_WINDOWS), deviceKind(CHROME_WINDOWS.replace('120.0.0.0', '121.0.1.2')));
  });

  it('reduces addresses to IPv4 /24 and IPv6 /48', () => {
    assert.equal(networkPrefix('203.0.113.7'), '203.0.113.0/24');
    assert.equal(networkPrefix('::ffff:203.0.113.99'), '203.0.113.0/24');
    assert.equal(networkPrefix('2001:db8:abcd:12::1'), '2001:0db8:abcd::/48');
    assert.equal(networkPrefix('2001:DB8:ABCD:ffff:1:2:3:4'), '2001:0db8:abcd::/48');
    assert.equal(networkPrefix('::1'), '0000:0000:0000::/48');
    assert.equal(networkPrefix(null), '');
  });
});
