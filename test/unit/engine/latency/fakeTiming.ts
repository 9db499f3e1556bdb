/** A fake engine that times layers by a formula, so latency tables are deterministic and their numbers known. */
import type { ModelAnalysis } from '../../../../src/model/analyze.js';
import { evaluate, type Widths } from '../../../../src/model/channels.js';
import type { LatencyMeasurement, WidthMap } from '../../../../src/protocol/types.js';
import { timedLayers, timingInputShape, type TimedLayer } from '../../../../src/engine/latency/layers.js';
import type { LayerTimingCase, TimingOptions } from '../../../../src/engine/trainer.js';
import { FakeTrainer, type FakeOptions } from '../../../helpers/fakeTrainer.js';

/**
 * `0.01 + 1e-7·k²·H·W·cin·cout/groups + 1e-4·cout` ms for a convolution (the depthwise product for a depthwise one,
 * plus the pointwise one for a separable one), `0.005 + 1e-6·cin·cout` for a dense layer: a fixed launch cost, a
 * compute term and a per-output-channel term, as real layers roughly have.
 */
export function fakeLayerMs(c: LayerTimingCase): number {
  const [h, w, cin] = c.inputShape.length === 3 ? (c.inputShape as [number, number, number]) : [1, 1, c.inputShape[0]!];
  const cout = c.outChannels;
  const node = c.node;
  switch (node.type) {
    case 'conv2d':
      return 0.01 + (1e-7 * node.attrs.kernel[0] * node.attrs.kernel[1] * h * w * cin * cout) / node.attrs.groups + 1e-4 * cout;
    case 'depthwise_conv2d':
      return 0.01 + 1e-7 * node.attrs.kernel[0] * node.attrs.kernel[1] * h * w * cin * node.attrs.multiplier + 1e-4 * cout;
    case 'separable_conv2d':
      return 0.01 + 1e-7 * h * w * cin * node.attrs.multiplier * (node.attrs.kernel[0] * node.attrs.kernel[1] + cout) + 1e-4 * cout;
    case 'dense':
      return 0.005 + 1e-6 * h * w * cin * cout;
    default:
      throw new Error(`cannot time a ${node.type} layer`);
  }
}

/** Σ of the fake timings of every timed layer alone at these widths: what a table of exact timings predicts. */
export function fakeNetworkMs(analysis: ModelAnalysis, widths: Widths): number {
  return timedLayers(analysis).reduce((sum, l) => sum + fakeTimedLayerMs(l, widths), 0);
}

/** The fake timing of one timed layer at these widths. */
export function fakeTimedLayerMs(l: TimedLayer, widths: Widths): number {
  const cin = evaluate(l.inChannels, widths);
  const cout = l.node.type === 'depthwise_conv2d' ? cin * l.node.attrs.multiplier : evaluate(l.outChannels, widths);
  return fakeLayerMs({ node: l.node, inputShape: timingInputShape(l, cin), outChannels: cout });
}

/** What the fake measures end to end: the timed layers' sum, a quarter more for what they leave out, and 0.05 ms. */
export const MEASURED_OVER_LAYERS = 1.25;

/**
 * The search's fake trainer with `timeLayers` and `measureLatency`: every timing call and case is recorded;
 * `failTiming` makes `timeLayers` throw.
 */
export class TimingTrainer extends FakeTrainer {
  readonly timingCalls: { cases: readonly LayerTimingCase[]; options: TimingOptions }[] = [];
  failTiming = false;
  private readonly model: ModelAnalysis;
  private built: WidthMap = {};

  constructor(analysis: ModelAnalysis, options: FakeOptions = {}) {
    super(analysis, options);
    this.model = analysis;
  }

  override async build(widths: WidthMap, seed: number): Promise<void> {
    this.built = { ...widths };
    return super.build(widths, seed);
  }

  async measureLatency(options: TimingOptions): Promise<LatencyMeasurement> {
    const ms = MEASURED_OVER_LAYERS * fakeNetworkMs(this.model, this.built) + 0.05;
    return { batchSize: options.batchSize, medianMs: ms, p25Ms: 0.95 * ms, p75Ms: 1.05 * ms };
  }

  async timeLayers(cases: readonly LayerTimingCase[], options: TimingOptions): Promise<number[]> {
    if (this.failTiming) {
      throw new Error('this trainer was told not to time layers');
    }
    this.timingCalls.push({ cases, options });
    return cases.map(fakeLayerMs);
  }

  get timedCases(): number {
    return this.timingCalls.reduce((n, c) => n + c.cases.length, 0);
  }
}
