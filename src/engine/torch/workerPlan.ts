/**
 * What the Python worker is told about a network: every layer of the analysis' plan at some widths with its channel
 * counts resolved here (the worker never evaluates width expressions), and the drop point of each width variable.
 */
import type { ModelAnalysis } from '../../model/analyze.js';
import { dropPoints } from '../../model/dropPoints.js';
import type { WidthMap } from '../../protocol/types.js';
import { networkPlan } from '../tfjs/plan.js';
import type { LayerTimingCase, TimingOptions } from '../trainer.js';

export interface WorkerPlan {
  readonly layers: readonly Record<string, unknown>[];
  readonly logits: string;
  readonly classes: number;
  /** Layer name → the width variable whose channels are dropped after it. */
  readonly dropAt: Readonly<Record<string, string>>;
}

export function workerPlan(analysis: ModelAnalysis, widths: WidthMap): WorkerPlan {
  const plan = networkPlan(analysis, widths);
  const layers = plan.layers.map(({ node }) => ({
    name: node.name,
    type: node.type,
    attrs: node.attrs,
    inputs: node.inputs,
    channels: plan.channels.get(node.name)!,
    inChannels: node.inputs.length > 0 ? plan.channels.get(node.inputs[0]!)! : 0,
  }));
  const dropAt = Object.fromEntries(Object.entries(dropPoints(analysis)).map(([variable, layer]) => [layer, variable]));
  return { layers, logits: plan.logits, classes: plan.classes, dropAt };
}

/** The timing options as the worker takes them, refused here with the offending value. */
export function timingParams(options: TimingOptions): { batchSize: number; warmup: number; repeats: number } {
  const { batchSize, warmup, repeats } = options;
  const whole = (n: number, least: number) => Number.isInteger(n) && n >= least;
  if (!whole(batchSize, 1) || !whole(warmup, 0) || !whole(repeats, 1)) {
    throw new Error(`timing needs a whole batchSize ≥ 1, warmup ≥ 0 and repeats ≥ 1, got ${batchSize}, ${warmup} and ${repeats}`);
  }
  return { batchSize, warmup, repeats };
}

/** One layer to time, as the worker takes it: the node's name, type and attributes, not its source position. */
export function timingCase(c: LayerTimingCase): Record<string, unknown> {
  const { name, type, attrs } = c.node;
  return { node: { name, type, attrs }, inputShape: c.inputShape, outChannels: c.outChannels };
}
