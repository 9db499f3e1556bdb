/** Number formats, colour shading and the check of incoming host messages: the panel's small pure helpers. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseColor, withAlpha } from '../../../webview/color.js';
import { formatCount, formatDuration, formatFur, formatPercent, formatRelative, formatSigned } from '../../../webview/format.js';
import { isHostMessage } from '../../../webview/hostMessages.js';
import { finishedSnapshot, recordedMessages } from '../../helpers/panelFixture.js';

describe('formats', () => {
  it('counts with SI units', () => {
    assert.equal(formatCount(71_666_176), '71.67 M');
    assert.equal(formatCount(1_432), '1.43 k');
    assert.equal(formatCount(42), '42');
    assert.equal(formatCount(2.5e9), '2.50 G');
    assert.equal(formatCount(-1_500), '\u22121.50 k');
  });

  it('percentages, relative and signed changes', () => {
    assert.equal(formatPercent(0.57471), '57.47 %');
    assert.equal(formatRelative(110, 100), '+10.00 %');
    assert.equal(formatRelative(75, 100), '\u221225.00 %');
    assert.equal(formatRelative(5, 5), '±0 %');
    assert.equal(formatRelative(5, 0), '—');
    assert.equal(formatSigned(0.4901, 2, 'pp'), '+0.49 pp');
    assert.equal(formatSigned(-36, 0), '\u221236');
    assert.equal(formatSigned(-0.0001, 2), '±0.00');
  });

  it('durations for people', () => {
    assert.equal(formatDuration(48.4), '48 s');
    assert.equal(formatDuration(250), '4 min 10 s');
    assert.equal(formatDuration(7500), '2 h 05 min');
    assert.equal(formatDuration(-3), '0 s');
  });

  it('FUR values: exponent form when tiny', () => {
    assert.equal(formatFur(0.0038404), '3.84e-3');
    assert.equal(formatFur(0.25), '0.25');
    assert.equal(formatFur(-0.5), '\u22120.5');
    assert.equal(formatFur(0), '0');
  });
});

describe('colours', () => {
  it('parses the forms themes use', () => {
    assert.deepEqual(parseColor('#3794ff'), [0x37, 0x94, 0xff, 1]);
    assert.deepEqual(parseColor('#fff'), [255, 255, 255, 1]);
    assert.deepEqual(parseColor('#00000080'), [0, 0, 0, 128 / 255]);
    assert.deepEqual(parseColor('rgba(1, 2, 3, 0.5)'), [1, 2, 3, 0.5]);
    assert.deepEqual(parseColor('rgb(1 2 3 / 50%)'), [1, 2, 3, 0.5]);
    assert.equal(parseColor('var(--x)'), undefined);
  });

  it('applies an opacity on top of the colour own, and leaves unknown forms alone', () => {
    assert.equal(withAlpha('#3794ff', 0.5), 'rgba(55, 148, 255, 0.5)');
    assert.equal(withAlpha('rgba(10, 20, 30, 0.5)', 0.5), 'rgba(10, 20, 30, 0.25)');
    assert.equal(withAlpha('hsl(1 2% 3%)', 0.5), 'hsl(1 2% 3%)');
  });
});

describe('isHostMessage', () => {
  it('accepts every recorded host message', () => {
    assert.ok(recordedMessages().every(isHostMessage));
    assert.ok(isHostMessage({ kind: 'runEnded', runId: 'r', state: 'failed' }));
  });

  it('rejects other window messages', () => {
    const report = finishedSnapshot().report;
    for (const bad of [null, 'snapshot', [], { kind: 'hello' }, { kind: 'snapshot' }, { kind: 'progress', event: 3 }, { kind: 'report', reprt: report }, { kind: 'runEnded', runId: 1, state: 'done' }, { kind: 'toString' }]) {
      assert.equal(isHostMessage(bad), false, JSON.stringify(bad));
    }
  });

  it('never throws on anything', () => {
    fc.assert(fc.property(fc.anything(), (value) => typeof isHostMessage(value) === 'boolean'));
  });
});
