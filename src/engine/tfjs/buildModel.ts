/**
 * Builds a trainable network from a model graph at a width assignment: explicit variables (seeded) and a forward
 * function over them, in graph order. A channel drop sits at every width variable's drop point with a per-pass
 * rate, so training-time dropout and FUR probes need no rebuild.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ModelAnalysis } from '../../model/analyze.js';
import type { LayerNode } from '../../model/graph.js';
import { dropPoints } from '../../model/dropPoints.js';
import { deriveSeed } from '../random.js';
import { tensorKey } from '../weights/canonical.js';
import { channelDrop } from './channelDrop.js';
import { ParameterStore } from './init.js';
import { canonicalVariables, createLayerParams, type LayerParams } from './layerParams.js';
import { layerForward, type PassContext } from './layerOps.js';
import { networkPlan, type NetworkPlan } from './plan.js';
import { probeForward, type BatchProbe } from './probeForward.js';

/** How one forward pass runs. */
export interface ForwardOptions {
  /** Training mode: batch statistics (and moving-statistics updates) in batch norm, dropout layers active. */
  readonly training: boolean;
  /** Channel-drop rate per width variable, applied at its drop point, in either mode. Absent or 0: none. */
  readonly dropRates?: Readonly<Record<string, number>>;
  /** Seed of this pass's masks (channel drops, dropout layers); default 0. */
  readonly seed?: number;
  /** Called with every layer's inputs and output (before its channel drop), e.g. to count MACs. */
  readonly onLayer?: (node: LayerNode, inputs: readonly tf.Tensor[], output: tf.Tensor) => void;
}

/** A built network: its variables and its forward pass. Dispose it to free the variables. */
export interface TfjsNetwork {
  readonly widths: Readonly<Record<string, number>>;
  /** Width variable → the layer after which its channels are dropped. */
  readonly dropPoints: Readonly<Record<string, string>>;
  /** Number of classes: the width of the logits. */
  readonly classes: number;
  /** Trainable variables, in graph order. */
  readonly trainable: readonly tf.Variable[];
  /**
   * Every variable (batch-norm moving statistics included) under its canonical name `<layer>/<tensor>`, in graph
   * order: what a weight file of the network holds (src/engine/weights/canonical.ts).
   */
  readonly weights: ReadonlyMap<string, tf.Variable>;
  /** Logits `[N, classes]` for a batch `[N, H, W, C]`. A final softmax layer is left out (losses take logits). */
  forward(x: tf.Tensor4D, options: ForwardOptions): tf.Tensor2D;
  /**
   * Inference of many probes on one batch, reusing the activations upstream of their drop points (probeForward.ts):
   * `score` of each probe's logits, kept. Equal to `forward` with each probe's rates and seed.
   */
  probeForward(x: tf.Tensor4D, probes: readonly BatchProbe[], score: (logits: tf.Tensor2D) => tf.Tensor): tf.Tensor[];
  /** Trainable parameters: equals the analyzer's `summarize(analysis, widths).totalParams`. */
  countParams(): number;
  dispose(): void;
}

/** A fresh network for `analysis` at `widths` (every width variable), initialised from `seed`. */
export function buildNetwork(analysis: ModelAnalysis, widths: Readonly<Record<string, number>>, seed: number): TfjsNetwork {
  const plan = networkPlan(analysis, widths);
  const store = new ParameterStore(seed);
  const params = new Map<string, LayerParams>();
  for (const layer of plan.layers) {
    const input = layer.node.inputs[0];
    const inChannels = input === undefined ? 0 : plan.channels.get(input)!;
    params.set(layer.node.name, createLayerParams(layer.node, inChannels, plan.channels.get(layer.node.name)!, store));
  }
  const points = dropPoints(analysis);
  const dropAt = new Map(Object.entries(points).map(([v, node]) => [node, v]));
  return {
    widths: { ...widths },
    dropPoints: points,
    classes: plan.classes,
    trainable: store.trainable,
    weights: canonicalWeights(plan, params),
    forward: (x, options) => forward(plan, params, dropAt, x, options),
    probeForward: (x, probes, score) => {
      checkInput(plan, x);
      probes.forEach((p) => checkDropRates(dropAt, p.dropRates));
      return probeForward(plan, params, dropAt, x, probes, score);
    },
    countParams: () => store.countTrainable(),
    dispose: () => store.dispose(),
  };
}

function canonicalWeights(plan: NetworkPlan, params: ReadonlyMap<string, LayerParams>): Map<string, tf.Variable> {
  const out = new Map<string, tf.Variable>();
  for (const { node } of plan.layers) {
    for (const [tensor, variable] of canonicalVariables(params.get(node.name)!)) {
      out.set(tensorKey(node.name, tensor), variable);
    }
  }
  return out;
}

function forward(plan: NetworkPlan, params: Map<string, LayerParams>, dropAt: Map<string, string>, x: tf.Tensor4D, options: ForwardOptions): tf.Tensor2D {
  checkInput(plan, x);
  checkDropRates(dropAt, options.dropRates);
  const ctx: PassContext = { training: options.training, seed: options.seed ?? 0 };
  const values = new Map<string, tf.Tensor>();
  const uses = new Map(plan.uses);
  for (const layer of plan.layers) {
    const node = layer.node;
    const inputs = node.inputs.map((i) => values.get(i)!);
    let y = node.type === 'input' ? x : layerForward(node, inputs, params.get(node.name)!, ctx);
    options.onLayer?.(node, inputs, y);
    const variable = dropAt.get(node.name);
    const rate = variable === undefined ? 0 : (options.dropRates?.[variable] ?? 0);
    if (rate > 0) {
      y = channelDrop(y, rate, deriveSeed(ctx.seed, 'channel-drop', variable!));
    }
    values.set(node.name, y);
    if (!options.training) {
      release(node.inputs, values, uses, x);
    }
  }
  return values.get(plan.logits)! as tf.Tensor2D;
}

/**
 * In inference mode, frees each activation once its last consumer has run (the caller's tidy would free them only
 * at the end of the pass: at batch 128 on CIFAR that is hundreds of megabytes). Training keeps them for backprop.
 */
function release(inputs: readonly string[], values: Map<string, tf.Tensor>, uses: Map<string, number>, x: tf.Tensor): void {
  for (const name of new Set(inputs)) {
    const left = uses.get(name)! - inputs.filter((i) => i === name).length;
    uses.set(name, left);
    if (left > 0) {
      continue;
    }
    const t = values.get(name)!;
    values.delete(name);
    // Pass-through layers (linear activation, inference dropout, rate-0 drop) hand on the same tensor object.
    if (t !== x && ![...values.values()].includes(t)) {
      t.dispose();
    }
  }
}

/** A rate for a name that has no drop point (a typo, a renamed layer) would silently probe nothing. */
function checkDropRates(dropAt: Map<string, string>, rates: Readonly<Record<string, number>> | undefined): void {
  const known = new Set(dropAt.values());
  const unknown = Object.keys(rates ?? {}).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new Error(`channel-drop rates given for ${unknown.map((n) => `'${n}'`).join(', ')}, which ${unknown.length === 1 ? 'is not a width variable' : 'are not width variables'} of the model`);
  }
}

function checkInput(plan: NetworkPlan, x: tf.Tensor4D): void {
  const [, h, w, c] = x.shape;
  const [eh, ew, ec] = plan.input;
  if (h !== eh || w !== ew || c !== ec) {
    throw new Error(`the network takes ${eh}×${ew}×${ec} images, but got a batch of ${h}×${w}×${c}`);
  }
}
