/** Training throughput of any Trainer, measured the same way for every engine and backend. */
import type { SearchSettings } from '../src/protocol/settings.js';
import type { Trainer } from '../src/engine/trainer.js';

/**
 * Builds the network at `widths`, trains one epoch on the search split, and answers images/s from the end of the
 * first batch (warm-up: kernel compilation, buffers) to the end of the last full batch.
 */
export async function trainingThroughput(trainer: Trainer, dropLayers: readonly string[], settings: SearchSettings, widths: Record<string, number>): Promise<number> {
  await trainer.build(widths, 1);
  let first = 0;
  let last = 0;
  let images = 0;
  await trainer.train({
    split: 'search',
    epochs: 1,
    settings,
    dropLayers,
    seed: 1,
    onProgress: (p) => {
      const now = performance.now();
      if (p.batch === 1) {
        first = now;
      } else {
        last = now;
        images = (p.batch - 1) * settings.batchSize;
      }
    },
  });
  return images / ((last - first) / 1000);
}
