import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatRatio, parseTarget, settingFromTarget, targetFromSetting, targetMacsOf } from '../../../../src/engine/budget/target.js';

describe('--target-macs syntax', () => {
  it('reads ratios and MAC counts', () => {
    assert.deepEqual(parseTarget('0.5'), { kind: 'ratio', value: 0.5 });
    assert.deepEqual(parseTarget('.25'), { kind: 'ratio', value: 0.25 });
    assert.deepEqual(parseTarget('1'), { kind: 'ratio', value: 1 });
    assert.deepEqual(parseTarget('0.8x'), { kind: 'ratio', value: 0.8 });
    assert.deepEqual(parseTarget('20000000'), { kind: 'macs', value: 20_000_000 });
    assert.deepEqual(parseTarget('2e7'), { kind: 'macs', value: 20_000_000 });
    assert.deepEqual(parseTarget('20M'), { kind: 'macs', value: 20_000_000 });
    assert.deepEqual(parseTarget('20m'), { kind: 'macs', value: 20_000_000 });
    assert.deepEqual(parseTarget('1.5G'), { kind: 'macs', value: 1_500_000_000 });
    assert.deepEqual(parseTarget(' 800k '), { kind: 'macs', value: 800_000 });
  });

  it('reads a bare number below 1000 as a ratio, so 2 means 2× (refused later as growing the network)', () => {
    assert.deepEqual(parseTarget('2'), { kind: 'ratio', value: 2 });
    assert.deepEqual(parseTarget('1000'), { kind: 'macs', value: 1000 });
  });

  it('refuses anything else with the syntax in the message', () => {
    for (const bad of ['', 'abc', '0', '-0.5', '20MB', '1,000', '0.5.1', '1234.5', 'M']) {
      assert.throws(() => parseTarget(bad), new RegExp(`^Error: --target-macs takes a ratio in \\(0, 1\\] or a MAC count like 20M; got '${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}'$`), bad);
    }
  });

  it('maps to and from the targetMacs setting: 0 none, (0, 1] a ratio, above 1 a count', () => {
    assert.equal(targetFromSetting(0), undefined);
    assert.deepEqual(targetFromSetting(0.5), { kind: 'ratio', value: 0.5 });
    assert.deepEqual(targetFromSetting(1), { kind: 'ratio', value: 1 });
    assert.deepEqual(targetFromSetting(2e7), { kind: 'macs', value: 2e7 });
    assert.equal(settingFromTarget({ kind: 'macs', value: 2e7 }), 2e7);
    assert.equal(settingFromTarget({ kind: 'ratio', value: 0.5 }), 0.5);
    assert.throws(() => settingFromTarget({ kind: 'ratio', value: 2 }), /above 1/);
    assert.equal(targetMacsOf({ kind: 'ratio', value: 0.5 }, 40e6), 20e6);
    assert.equal(targetMacsOf({ kind: 'macs', value: 1e6 }, 40e6), 1e6);
  });

  it('formats ratios for messages', () => {
    assert.equal(formatRatio(0.02), '0.02');
    assert.equal(formatRatio(0.5), '0.5');
    assert.equal(formatRatio(0.123456), '0.123');
  });
});
