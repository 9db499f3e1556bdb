/** L1-norm filter importance (Li, Kadav, Durdanovic, Samet, Graf, ICLR 2017; reference section 11.3). */

/**
 * One score per output channel: Σ|w| over that filter's kh·kw·cin weights. Data-free; low scores are pruned first.
 *
 * The kernel is in TensorFlow.js / Keras layout `[kh, kw, cin, cout]` (row-major, output channel fastest), so
 * filter o is every cout-th value starting at o. A dense kernel `[in, out]` is `[1, 1, in, out]`. A grouped conv's
 * kernel is `[kh, kw, cin / groups, cout]`: the same rule holds.
 */
export function l1FilterScores(kernel: ArrayLike<number>, shape: readonly [number, number, number, number]): Float64Array {
  const [kh, kw, cin, cout] = shape;
  if (kernel.length !== kh * kw * cin * cout) {
    throw new RangeError(`a [${shape.join(', ')}] kernel has ${kh * kw * cin * cout} weights, not ${kernel.length}`);
  }
  const scores = new Float64Array(cout);
  for (let i = 0; i < kernel.length; i++) {
    scores[i % cout]! += Math.abs(kernel[i]!);
  }
  return scores;
}
