/**
 * The model graph: what every parser produces and every other process consumes.
 *
 * It is plain JSON (no classes, no functions), so the engine can rebuild the network from it in another process.
 * Layer attributes are already resolved: defaults applied, blocks of the file format expanded into primitive layers.
 */
import type { SourceRange } from './source.js';

/** Which file format a graph was read from; the rewriter writes widths back in the same one. */
export type ModelFormat = 'netadj-yaml' | 'keras-json';

/**
 * How a residual add treats inputs of different widths.
 * - `pad`: the widths stay independent; the narrower input is zero-padded on the channel axis and the result has
 *   the maximum width (the method's own semantics).
 * - `tie`: the inputs' widths are coupled and always equal.
 */
export type ResidualMode = 'pad' | 'tie';

export type Activation = 'relu' | 'relu6' | 'sigmoid' | 'tanh' | 'softmax' | 'swish' | 'gelu' | 'elu' | 'linear';

export type Padding = 'same' | 'valid';

/** Attributes of each primitive layer type. Kernel, stride and pool sizes are `[height, width]`. */
export interface LayerAttrsByType {
  input: { shape: [number, number, number] };
  conv2d: { kernel: [number, number]; stride: [number, number]; padding: Padding; dilation: [number, number]; groups: number; bias: boolean };
  depthwise_conv2d: { kernel: [number, number]; stride: [number, number]; padding: Padding; dilation: [number, number]; multiplier: number; bias: boolean };
  /** Depthwise then pointwise (1×1) convolution, as Keras' SeparableConv2D. */
  separable_conv2d: { kernel: [number, number]; stride: [number, number]; padding: Padding; dilation: [number, number]; multiplier: number; bias: boolean };
  dense: { bias: boolean };
  batch_norm: { scale: boolean; center: boolean; epsilon: number; momentum: number };
  activation: { fn: Activation };
  add: { mode: ResidualMode };
  concat: Record<string, never>;
  max_pool: { size: [number, number]; stride: [number, number]; padding: Padding };
  avg_pool: { size: [number, number]; stride: [number, number]; padding: Padding };
  global_avg_pool: Record<string, never>;
  flatten: Record<string, never>;
  dropout: { rate: number };
  /** Spatial zero padding: `[[top, bottom], [left, right]]`. */
  zero_pad: { pad: [[number, number], [number, number]] };
}

export type LayerType = keyof LayerAttrsByType;

export const LAYER_TYPES: readonly LayerType[] = [
  'input', 'conv2d', 'depthwise_conv2d', 'separable_conv2d', 'dense', 'batch_norm', 'activation', 'add', 'concat',
  'max_pool', 'avg_pool', 'global_avg_pool', 'flatten', 'dropout', 'zero_pad',
];

/** Layer types whose output channel count is set by a width variable of their own. */
export const WIDTH_OWNING_TYPES: readonly LayerType[] = ['conv2d', 'separable_conv2d', 'dense'];

interface LayerNodeBase<T extends LayerType> {
  /** Unique name; width variables and run files refer to layers by it. */
  readonly name: string;
  readonly type: T;
  /** Names of the layers whose outputs feed this one, in order. Empty only for `input`. */
  readonly inputs: readonly string[];
  readonly attrs: LayerAttrsByType[T];
  /** For conv2d, separable_conv2d and dense: the width variable that sets the output channels (units). */
  readonly width?: string;
  /** Where the layer is written: the list item, block or JSON object it comes from. */
  readonly range?: SourceRange;
  /** The written layer this one was expanded from, when a block of the file format produced several layers. */
  readonly origin?: string;
}

export type LayerNode = { [T in LayerType]: LayerNodeBase<T> }[LayerType];

/** Where a width variable's value is written in the file, so the rewriter can change exactly that literal. */
export interface WidthLiteral {
  /** Span of the literal (a number; for a shared scalar, the scalar). */
  readonly range: SourceRange;
  /**
   * When one written literal sets several variables (a scalar width for a stage of repeated blocks), how many it
   * sets and which of them this is. The rewriter turns the scalar into a per-instance list when they diverge.
   */
  readonly shared?: { readonly index: number; readonly count: number };
}

/** A width the search may change: the output channels of a convolution or the units of a dense layer. */
export interface WidthVariable {
  /** Equal to the name of the layer whose output it sets. */
  readonly name: string;
  /** The value written in the file. */
  readonly value: number;
  /** Whether the file allows the search to change it (the output layer and fixed layers say no). */
  readonly searchable: boolean;
  /** Widths must stay multiples of this (grouped convolutions); 1 otherwise. */
  readonly divisor: number;
  readonly literal?: WidthLiteral;
}

/** Settings carried in the model file for the search; the engine fills in what is absent from its own defaults. */
export interface DatasetSpec {
  readonly format?: string;
  readonly path?: string;
  readonly [key: string]: unknown;
}

export interface ModelGraph {
  readonly format: ModelFormat;
  /** The model's name as written (or the file's base name). */
  readonly name: string;
  /** Input shape `[height, width, channels]`, channels-last. */
  readonly input: readonly [number, number, number];
  readonly nodes: readonly LayerNode[];
  readonly widths: readonly WidthVariable[];
  /** The layers whose outputs are the network's outputs (usually one: the classifier). */
  readonly outputs: readonly string[];
  /**
   * Layer names the reader has already reported as missing (left out after an error, or referenced but never
   * defined). Their consumers get no shape, but the analysis does not report them a second time.
   */
  readonly unresolved?: readonly string[];
  readonly dataset?: DatasetSpec;
  readonly search?: Readonly<Record<string, unknown>>;
}
