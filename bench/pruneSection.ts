/**
 * The benchmark's pruning-baselines section: bench/pruneBench.ts in its own process, and the lines `npm run bench`
 * prints for it.
 */
import { childJson } from './childJson.js';
import type { PruneBenchResult } from './pruneBench.js';

/** CHIP is timed on all 64 images (about a minute on two cores); a smaller count here reports an estimate. */
const CHIP_IMAGES = 64;

export function measurePruneScoring(): PruneBenchResult {
  process.stderr.write('measuring the pruning baselines’ scoring…\n');
  return childJson<PruneBenchResult>('pruneBench.js', [String(CHIP_IMAGES)], 600_000);
}

const s = (n: number) => (n < 0.1 ? `${(n * 1000).toFixed(1)} ms` : `${n.toFixed(2)} s`);
const times = (n: number) => `${n < 10 ? n.toFixed(2) : n.toFixed(0)}×`;

export function printPruneScoring(r: PruneBenchResult): void {
  console.log(`\nPruning baselines' channel scoring — ResNet-20 (10-class head), 32×32×3, freshly built network (random weights: the scoring arithmetic is that of a trained one), random CIFAR-10 images`);
  if (r.error) {
    console.log(`  unavailable: ${r.error}`);
    return;
  }
  const images = r.images!;
  const chip = (r.chipSeconds! * images) / r.chipImages!;
  const estimated = r.chipImages! < images;
  const approx = estimated ? '≈ ' : '';
  console.log(`  ${r.engine}: ${r.reason}`);
  console.log(`  feature maps  ${r.layers} prunable layers × ${images} images: ${s(r.featureMapSeconds!)} (${(r.featureMapBytes! / 1e6).toFixed(1)} MB)`);
  console.log(`  L1            ${s(r.l1Seconds!)}`);
  const chipLine = estimated ? `${s(r.chipSeconds!)} on the first ${r.chipImages} images (${s(r.chipSeconds! / r.chipImages!)} per image; ≈ ${s(chip)} for ${images})` : s(chip);
  console.log(`  CHIP          ${chipLine}: ${approx}${times(chip / r.l1Seconds!)} L1`);
  console.log(`  HRel          ${s(r.hrelSeconds!)}: ${times(r.hrelSeconds! / r.l1Seconds!)} L1`);
  const epoch = r.epochSeconds!;
  console.log(`  one training epoch on the same ${images} images: ${s(epoch)}; feature maps + CHIP ${approx}${times((r.featureMapSeconds! + chip) / epoch)} it, feature maps + HRel ${times((r.featureMapSeconds! + r.hrelSeconds!) / epoch)}, L1 ${times(r.l1Seconds! / epoch)}`);
}
