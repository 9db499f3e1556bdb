/**
 * Timing on the engine's backend: single layers (the latency budget's lookup table) and whole inference passes.
 * Every timed pass waits for its result's data, so backends that compute asynchronously (webgl, a GPU) are timed
 * until the values exist, not until the op was queued.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerNode } from '../../model/graph.js';
import { deriveSeed } from '../random.js';
import type { LatencyMeasurement, LayerTimingCase, TimingOptions } from '../trainer.js';
import { throwIfAborted, yieldToEventLoop } from './abort.js';
import type { TfjsNetwork } from './buildModel.js';
import { ParameterStore } from './init.js';
import { createLayerParams } from './layerParams.js';
import { layerForward } from './layerOps.js';

const TIMED_TYPES: ReadonlySet<LayerNode['type']> = new Set(['conv2d', 'depthwise_conv2d', 'separable_conv2d', 'dense']);

/** Median milliseconds of one forward pass of each case's layer alone (its op and bias), on random data. */
export async function timeLayerCases(cases: readonly LayerTimingCase[], options: TimingOptions): Promise<number[]> {
  checkTimingOptions(options);
  const out: number[] = [];
  for (const [i, c] of cases.entries()) {
    out.push(median(await timeLayerCase(c, options, i)));
  }
  return out;
}

/** Quartiles of whole inference-mode forward passes of `net` on random images of its input shape. */
export async function measureNetworkLatency(net: TfjsNetwork, input: readonly [number, number, number], options: TimingOptions): Promise<LatencyMeasurement> {
  checkTimingOptions(options);
  const x = tf.randomNormal([options.batchSize, ...input], 0, 1, 'float32', deriveSeed(0, 'latency')) as tf.Tensor4D;
  try {
    const times = await timePasses(() => net.forward(x, { training: false }), options, 'latency measurement');
    return { batchSize: options.batchSize, medianMs: median(times), p25Ms: quantile(times, 0.25), p75Ms: quantile(times, 0.75) };
  } finally {
    x.dispose();
  }
}

async function timeLayerCase(c: LayerTimingCase, options: TimingOptions, index: number): Promise<number[]> {
  const node = c.node;
  if (!TIMED_TYPES.has(node.type)) {
    throw new Error(`cannot time layer '${node.name}': a ${node.type} layer; timing covers conv2d, depthwise_conv2d, separable_conv2d and dense`);
  }
  const inChannels = c.inputShape[c.inputShape.length - 1] ?? 0;
  checkChannels(node, c, inChannels);
  const store = new ParameterStore(deriveSeed(0, 'timing', index));
  const x = tf.randomNormal([options.batchSize, ...c.inputShape], 0, 1, 'float32', deriveSeed(index, 'timing-input'));
  try {
    // The same parameter shapes and the same op code as in a built network, so the layer costs what it costs there.
    const params = createLayerParams(node, inChannels, c.outChannels, store);
    return await timePasses(() => layerForward(node, [x], params, { training: false, seed: 0 }), options, `timing of layer '${node.name}'`);
  } finally {
    store.dispose();
    x.dispose();
  }
}

/** `warmup` untimed then `repeats` timed runs of `pass`, each until its result's values are read back. */
async function timePasses(pass: () => tf.Tensor, options: TimingOptions, what: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < options.warmup + options.repeats; i++) {
    throwIfAborted(options.signal, what);
    const started = performance.now();
    const y = tf.tidy(pass);
    await y.data();
    const ms = performance.now() - started;
    y.dispose();
    if (i >= options.warmup) {
      times.push(ms);
    }
    await yieldToEventLoop();
  }
  return times;
}

function checkTimingOptions(options: TimingOptions): void {
  const whole = (n: number, min: number) => Number.isInteger(n) && n >= min;
  if (!whole(options.batchSize, 1) || !whole(options.warmup, 0) || !whole(options.repeats, 1)) {
    throw new RangeError(`timing needs a batch size ≥ 1, warm-up passes ≥ 0 and timed passes ≥ 1 (whole numbers), got ${options.batchSize}, ${options.warmup} and ${options.repeats}`);
  }
}

function checkChannels(node: LayerNode, c: LayerTimingCase, inChannels: number): void {
  const spatial = node.type !== 'dense';
  if ((spatial && c.inputShape.length !== 3) || !(inChannels > 0) || !(c.outChannels > 0)) {
    throw new Error(`cannot time layer '${node.name}': input shape [${c.inputShape.join(', ')}] and ${c.outChannels} output channels do not make a ${node.type} layer`);
  }
  if (node.type === 'conv2d' && (inChannels % node.attrs.groups !== 0 || c.outChannels % node.attrs.groups !== 0)) {
    throw new Error(`cannot time layer '${node.name}': ${inChannels} input and ${c.outChannels} output channels do not split into ${node.attrs.groups} groups`);
  }
  if (node.type === 'depthwise_conv2d' && c.outChannels !== inChannels * node.attrs.multiplier) {
    throw new Error(`cannot time layer '${node.name}': a depthwise layer with multiplier ${node.attrs.multiplier} on ${inChannels} channels has ${inChannels * node.attrs.multiplier} outputs, not ${c.outChannels}`);
  }
}

/** The median of `values` (not empty). */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** The `q`-quantile of `values` (not empty), interpolating linearly between order statistics (NumPy's default). */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = q * (sorted.length - 1);
  const below = Math.floor(at);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (at - below);
}
