import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { l1FilterScores } from '../../../../src/engine/baselines/l1.js';

describe('L1-norm filter importance (Li et al. 2017)', () => {
  it('sums |w| per output channel of a [kh, kw, cin, cout] kernel', () => {
    // kh 1, kw 2, cin 2, cout 3: value i belongs to output channel i % 3; signs alternate, magnitudes are i + 1.
    const kernel = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? 1 : -1) * (i + 1));
    // channel 0: |1| + |4| + |7| + |10| = 22; channel 1: 2 + 5 + 8 + 11 = 26; channel 2: 3 + 6 + 9 + 12 = 30.
    assert.deepEqual([...l1FilterScores(kernel, [1, 2, 2, 3])], [22, 26, 30]);
  });

  it('treats a dense kernel [in, out] as [1, 1, in, out]', () => {
    assert.deepEqual([...l1FilterScores(new Float32Array([0.5, -1, -0.25, 2]), [1, 1, 2, 2])], [0.75, 3]);
  });

  it('refuses a kernel whose size does not match its shape', () => {
    assert.throws(() => l1FilterScores([1, 2, 3], [1, 1, 2, 2]), /4 weights, not 3/);
  });
});
