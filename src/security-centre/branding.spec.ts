import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contrastWithWhite, isAccessibleColor } from './branding';

describe('branding colours', () => {
  it('computes WCAG contrast against white', () => {
    assert.equal(contrastWithWhite('#FFFFFF').toFixed(2), '1.00');
    assert.equal(contrastWithWhite('#000000').toFixed(2), '21.00');
    assert.ok(Math.abs(contrastWithWhite('#767676') - 4.54) < 0.01);
  });

  it('accepts the default and dark colours, refuses light ones and bad formats', () => {
    assert.ok(isAccessibleColor('#1F4E79'));
    assert.ok(isAccessibleColor('#767676'));
    assert.ok(!isAccessibleColor('#777777'));
    assert.ok(!isAccessibleColor('#FFFF00'));
    assert.ok(!isAccessibleColor('1F4E79'));
    assert.ok(!isAccessibleColor('#1F4E7'));
    assert.ok(!isAccessibleColor('#1F4E79;x'));
    assert.ok(!isAccessibleColor(42));
  });
});
