/**
 * Channel scores of every prunable layer by each baseline's criterion, from the trained original's weight file (L1)
 * or from its feature maps (CHIP, HRel; src/engine/trainer.ts `featureMaps`). The criteria themselves are pure math
 * in src/engine/baselines.
 */
import type { PruneMethod } from '../../protocol/types.js';
import { chipScores, channelsFirst, hrelScores, hrelSigma, l1FilterScores, labelGram, type FeatureMaps } from '../baselines/criteria.js';
import { tensorKey } from '../weights/canonical.js';
import type { Tensor, TensorMap } from '../weights/safetensors.js';

/** Variable (layer) name → one score per output channel. */
export type ChannelScores = Map<string, Float64Array>;

/** L1 filter norms of each prunable layer's kernel (a separable conv's pointwise kernel). */
export function l1Scores(layers: Iterable<string>, weights: TensorMap, file: string): ChannelScores {
  const out: ChannelScores = new Map();
  for (const layer of layers) {
    const kernel = weights.get(tensorKey(layer, 'kernel'));
    if (!kernel) {
      throw new Error(`${file}: no tensor '${tensorKey(layer, 'kernel')}' to score layer '${layer}' by its filters' L1 norms`);
    }
    const s = kernel.shape;
    const shape: [number, number, number, number] = s.length === 2 ? [1, 1, s[0]!, s[1]!] : [s[0]!, s[1]!, s[2]!, s[3]!];
    out.set(layer, l1FilterScores(kernel.data, shape));
  }
  return out;
}

export interface ScoringOptions {
  /** Checked between images (CHIP) and layers (HRel): an abort rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** After each layer: layers done (1-based) of all. */
  readonly onLayer?: (done: number, of: number) => void;
}

/**
 * CHIP or HRel scores of each layer from its feature maps `[N, H, W, C]` (or `[N, C]`) and the `labels`. CHIP's
 * work grows with the image count and the layers' widths (seconds per image on wide networks), so it yields to the
 * event loop between images: the engine stays responsive and a cancel lands within one image's work.
 */
export async function featureScores(method: Exclude<PruneMethod, 'l1'>, layers: readonly string[], maps: TensorMap, file: string, options: ScoringOptions = {}): Promise<ChannelScores> {
  const out: ChannelScores = new Map();
  const labels = maps.get('labels');
  if (!labels || labels.dtype !== 'I32') {
    throw new Error(`${file}: no int32 'labels' tensor`);
  }
  for (const [i, layer] of layers.entries()) {
    const t = maps.get(layer);
    if (!t || t.shape.length < 2) {
      throw new Error(`${file}: no feature maps for layer '${layer}'`);
    }
    out.set(layer, method === 'chip' ? await chipOf(t, options.signal) : hrelOf(t, Array.from(labels.data)));
    await breath(options.signal);
    options.onLayer?.(i + 1, layers.length);
  }
  return out;
}

/** The mean channel independence over images, as `chipScores`, one image at a time. */
async function chipOf(t: Tensor, signal: AbortSignal | undefined): Promise<Float64Array> {
  const images = perImage(t);
  const sum = new Float64Array(images[0]!.channels);
  for (const image of images) {
    chipScores([image]).forEach((ci, c) => (sum[c]! += ci));
    await breath(signal);
  }
  return sum.map((x) => x / images.length);
}

/** Lets pending I/O (a cancel request) through, then stops if the run was cancelled. */
async function breath(signal: AbortSignal | undefined): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  signal?.throwIfAborted();
}

/** One channels-first map per image. */
function perImage(t: Tensor): FeatureMaps[] {
  const n = t.shape[0]!;
  const channels = t.shape.at(-1)!;
  const size = t.data.length / n;
  return Array.from({ length: n }, (_, i) => channelsFirst(t.data.subarray(i * size, (i + 1) * size), channels));
}

/** HRel on the whole sample as one batch, with the layer's kernel width chosen as the reference chooses it. */
function hrelOf(t: Tensor, labels: number[]): Float64Array {
  const n = t.shape[0]!;
  const images = perImage(t);
  const channels = images[0]!.channels;
  const positions = images[0]!.data.length / channels;
  const data = new Float64Array(n * channels * positions);
  images.forEach((m, i) => data.set(m.data, i * channels * positions));
  const sigma = hrelSigma(t.data, n, labelGram(labels));
  return hrelScores({ samples: n, channels, data }, labels, sigma);
}
