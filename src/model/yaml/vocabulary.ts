/**
 * The words of the `*.netadj.yaml` format: top-level keys, layer types and each type's keys, with descriptions.
 *
 * One source of truth: the reader validates keys and suggests corrections from it, and `schema.ts` builds
 * `media/netadj.schema.json` (VS Code's YAML validation and completion) from it.
 */

/** How a key's value is read; `schema.ts` maps each kind to a JSON Schema. */
export type ValueKind =
  | 'version' // the format version, 1
  | 'string'
  | 'type' // a layer type
  | 'refs' // a layer name or a list of names
  | 'shape' // [H, W, C]
  | 'mapping' // free-form mapping
  | 'layers' // the list of layer items
  | 'int' // a positive integer
  | 'width' // a positive integer that sets channels: a width literal the search may rewrite
  | 'widths' // a width literal, or a list of them with one per block instance
  | 'size' // a positive integer, or [height, width]
  | 'pad' // an integer, [vertical, horizontal] or [[top, bottom], [left, right]]
  | 'bool'
  | 'count' // an integer of at least 0
  | 'rate' // a number in [0, 1)
  | 'number' // a positive number
  | 'nonneg' // a number of at least 0
  | 'enum';

export interface KeySpec {
  readonly kind: ValueKind;
  readonly description: string;
  /** The allowed values of an `enum` key. */
  readonly values?: readonly string[];
  /** The value used when the key is absent (documentation and schema only when it depends on other keys). */
  readonly default?: string | number | boolean;
  readonly required?: boolean;
}

export interface LayerTypeSpec {
  readonly description: string;
  readonly keys: Readonly<Record<string, KeySpec>>;
}

export const FORMAT_VERSION = 1;

export const ACTIVATION_VALUES = ['relu', 'relu6', 'sigmoid', 'tanh', 'softmax', 'swish', 'gelu', 'elu', 'none'] as const;
export const PADDING_VALUES = ['same', 'valid'] as const;
export const RESIDUAL_VALUES = ['pad', 'tie'] as const;
export const BLOCK_VALUES = ['basic', 'bottleneck', 'inverted'] as const;
export const SHORTCUT_VALUES = ['identity', 'projection'] as const;
export const DATASET_FORMATS = ['idx', 'cifar10', 'cifar100', 'folder'] as const;
export type BlockKind = (typeof BLOCK_VALUES)[number];

const RESIDUAL_DOC =
  '`pad`: the widths of an add\'s inputs stay independent, the narrower input is zero-padded on the channel axis and the result is as wide as the widest (Network Adjustment\'s own semantics). `tie`: the inputs\' widths are coupled and always equal.';

export const TOP_LEVEL_KEYS: Readonly<Record<string, KeySpec>> = {
  netadjust: { kind: 'version', required: true, description: 'Format version of this file; must be 1.' },
  name: { kind: 'string', description: 'The model\'s name (default: the file name without `.netadj.yaml`).' },
  input: { kind: 'shape', required: true, description: 'Input shape `[height, width, channels]`, channels-last, e.g. `[32, 32, 3]`.' },
  residual: { kind: 'enum', values: RESIDUAL_VALUES, default: 'pad', description: `How residual adds treat inputs of different widths. ${RESIDUAL_DOC}` },
  dataset: { kind: 'mapping', description: 'Where the search finds its training data: `format` (e.g. `cifar10`, `cifar100`, `idx`), `path` and any other settings, passed to the engine as written.' },
  search: { kind: 'mapping', description: 'Settings for the channel search (e.g. `iterations`, `epochsPerIteration`), passed to the engine; absent ones take the engine\'s defaults.' },
  layers: { kind: 'layers', required: true, description: 'The layers in order; each takes the previous one\'s output unless it says `from`.' },
};

/** Documented keys of the free-form `dataset` and `search` mappings (others are passed on as written). */
export const DATASET_KEYS: Readonly<Record<string, KeySpec>> = {
  format: { kind: 'enum', values: DATASET_FORMATS, description: 'How the dataset is stored: `idx` (MNIST, Fashion-MNIST), `cifar10` or `cifar100` (the binary versions), `folder` (one subfolder of images per class).' },
  path: { kind: 'string', description: 'Folder of the dataset files, relative to this file.' },
};

/**
 * The search settings a model file may set (src/protocol/settings.ts, whose keys a unit test checks these against);
 * absent ones take the engine's defaults.
 */
export const SEARCH_KEYS: Readonly<Record<string, KeySpec>> = {
  iterations: { kind: 'int', description: 'Adjustment iterations (train → measure FUR → update → rescale).' },
  epochsPerIteration: { kind: 'int', description: 'Training epochs of each iteration\'s network (trained from scratch).' },
  finalEpochs: { kind: 'int', description: 'Epochs of the final from-scratch training of the original and of the adjusted network.' },
  batchSize: { kind: 'int', description: 'Training batch size.' },
  learningRate: { kind: 'number', description: 'Initial learning rate, cosine-annealed to `minLearningRate` over each training.' },
  minLearningRate: { kind: 'number', description: 'Learning rate at the end of each training.' },
  momentum: { kind: 'rate', description: 'SGD momentum.' },
  weightDecay: { kind: 'nonneg', description: 'L2 weight decay.' },
  labelSmoothing: { kind: 'rate', description: 'Label smoothing for training (never for FUR probes).' },
  trainDropRate: { kind: 'rate', description: 'Training-time channel dropout rate r: layer i of L drops `r·(epoch/E)·((i+1)/L)`.' },
  probeDropRate: { kind: 'rate', description: 'Base FUR probe rate p₀; layer l gets `p₀·B̄/B_l`, so every probe removes the same FLOPs.' },
  maxProbeDropRate: { kind: 'rate', description: 'Upper clip for per-layer probe rates.' },
  probeRepeats: { kind: 'int', description: 'Passes with independent masks per layer probe.' },
  updateCount: { kind: 'count', description: 'Layers grown and shrunk per iteration at first: `k_t = max(round(k₀ − t·kDecay), 0)`.' },
  updateCountDecay: { kind: 'nonneg', description: 'How much `updateCount` falls each iteration.' },
  adjustRate: { kind: 'rate', description: 'Adjusting rate η for the most extreme layer; the r-th uses `max(η − r·δ, 0)` of its original width.' },
  adjustRateDecay: { kind: 'rate', description: 'The step δ by which the adjusting rate falls from one layer to the next.' },
  minWidth: { kind: 'int', description: 'No width is shrunk below this.' },
  macsTolerance: { kind: 'rate', description: 'Relative tolerance of the rescale back to the original MACs (to the budget, under `targetMacs`).' },
  targetMacs: { kind: 'nonneg', description: 'MAC budget: 0 keeps the original MACs; a value in (0, 1] is a ratio of them (e.g. 0.5), a larger one a MAC count. The network is first scaled uniformly to it, then adjusted at it.' },
  budget: { kind: 'enum', values: ['macs', 'latency'], description: 'What the budget counts: `macs`, or `latency` measured per layer on the engine that runs the search (the FUR denominator and the rescale then use latency).' },
  latencyBatchSize: { kind: 'int', description: 'Images per forward pass when timing layers and networks.' },
  distillWeight: { kind: 'rate', description: 'Distillation in the final retrain: 0 off; α trains the adjusted network again with the trained original as teacher, loss `(1−α)·CE + α·T²·KL`, and reports both.' },
  distillTemperature: { kind: 'number', description: 'Distillation temperature T.' },
  fineTuneLearningRate: { kind: 'number', description: 'Initial learning rate of the pruning baselines\' fine-tuning.' },
  pruneImages: { kind: 'int', description: 'Training images whose feature maps CHIP and HRel score channels on.' },
  heldOutFraction: { kind: 'rate', description: 'Fraction of the training set held out for FUR probes.' },
  maxTrainImages: { kind: 'count', description: 'Use at most this many training images (0: all); for quick runs.' },
  maxTestImages: { kind: 'count', description: 'Use at most this many test images (0: all).' },
  augment: { kind: 'bool', description: 'Random crop with padding and horizontal flip during training, where the data has them (not for digits).' },
  seed: { kind: 'count', description: 'Random seed of the run.' },
};

/** Keys every layer item may have. */
export const COMMON_KEYS: Readonly<Record<string, KeySpec>> = {
  type: { kind: 'type', required: true, description: 'The layer type.' },
  name: { kind: 'string', description: 'Unique layer name (default: the type and the item\'s index, e.g. `conv3`). Width variables and `from` refer to layers by it.' },
  from: { kind: 'refs', description: 'The input: the name of an earlier layer (default: the previous item), or a list of names for `add` and `concat`. A name refers to the layer\'s output, after its batch norm and activation.' },
};

const kernel: KeySpec = { kind: 'size', default: 3, description: 'Kernel size: an integer or `[height, width]`.' };
const stride: KeySpec = { kind: 'size', default: 1, description: 'Stride: an integer or `[height, width]`.' };
const padding: KeySpec = { kind: 'enum', values: PADDING_VALUES, default: 'same', description: '`same` keeps the spatial size (divided by the stride); `valid` uses no padding.' };
const dilation: KeySpec = { kind: 'size', default: 1, description: 'Dilation rate: an integer or `[height, width]`.' };
const bias = (dflt: string | boolean): KeySpec => ({ kind: 'bool', default: dflt, description: 'Whether the layer adds a learned bias.' });
const bn: KeySpec = { kind: 'bool', default: true, description: 'Whether a batch norm follows (node `<name>/bn`).' };
const act = (dflt: string): KeySpec => ({ kind: 'enum', values: ACTIVATION_VALUES, default: dflt, description: 'Activation after the layer (node `<name>/act`); `none` for no activation.' });
const searchable: KeySpec = { kind: 'bool', default: true, description: 'Whether the channel search may change this width; `false` keeps it as written.' };
const poolKeys = (what: string): Record<string, KeySpec> => ({
  size: { kind: 'size', default: 2, description: `${what} window size: an integer or \`[height, width]\`.` },
  stride: { kind: 'size', default: 'size', description: 'Stride: an integer or `[height, width]` (default: the window size).' },
  padding: { ...padding, default: 'valid' },
});
const slot = (what: string): KeySpec => ({
  kind: 'widths',
  description: `${what}: one width for every block, or a list with one width per block (as long as \`repeat\`).`,
});

export const LAYER_TYPES_SPEC: Readonly<Record<string, LayerTypeSpec>> = {
  conv: {
    description: 'A 2-D convolution, followed by batch norm and an activation unless turned off.',
    keys: {
      width: { kind: 'width', required: true, description: 'Output channels; the search changes this number.' },
      kernel, stride, padding,
      groups: { kind: 'int', default: 1, description: 'Number of groups; the width and the input channels must be multiples of it.' },
      dilation,
      bias: bias('false with bn, else true'),
      bn, act: act('relu'), searchable,
    },
  },
  dwconv: {
    description: 'A depthwise convolution (one filter per input channel), followed by batch norm and an activation unless turned off. It has no width of its own: it moves with the layer that feeds it.',
    keys: {
      kernel, stride, padding, dilation,
      multiplier: { kind: 'int', default: 1, description: 'Depth multiplier: output channels per input channel.' },
      bias: bias('false with bn, else true'),
      bn, act: act('relu'),
    },
  },
  dense: {
    description: 'A fully connected layer. The last one is the classifier, whose width the search never changes.',
    keys: {
      units: { kind: 'width', required: true, description: 'Output units; the search changes this number unless it is the output layer.' },
      act: act('none'), bias: bias(true), searchable,
    },
  },
  bn: {
    description: 'Batch normalization.',
    keys: {
      epsilon: { kind: 'number', default: 1e-5, description: 'Added to the variance for numerical stability.' },
      momentum: { kind: 'rate', default: 0.9, description: 'Moving-average momentum (Keras convention: the weight of the old statistics).' },
      scale: { kind: 'bool', default: true, description: 'Whether to learn a scale (gamma).' },
      center: { kind: 'bool', default: true, description: 'Whether to learn an offset (beta).' },
    },
  },
  act: {
    description: 'An activation function.',
    keys: { fn: { kind: 'enum', values: ACTIVATION_VALUES, default: 'relu', description: 'The function.' } },
  },
  relu: { description: 'ReLU activation (shorthand for `{type: act, fn: relu}`).', keys: {} },
  relu6: { description: 'ReLU6 activation (shorthand for `{type: act, fn: relu6}`).', keys: {} },
  maxpool: { description: 'Max pooling.', keys: poolKeys('Pooling') },
  avgpool: { description: 'Average pooling.', keys: poolKeys('Pooling') },
  gap: { description: 'Global average pooling: one value per channel.', keys: {} },
  flatten: { description: 'Flattens H×W×C into one vector.', keys: {} },
  dropout: {
    description: 'Dropout (no cost; kept for training).',
    keys: { rate: { kind: 'rate', default: 0.5, description: 'Fraction of the inputs dropped during training.' } },
  },
  pad: {
    description: 'Spatial zero padding.',
    keys: { pad: { kind: 'pad', default: 1, description: 'Padding: an integer for all sides, `[vertical, horizontal]`, or `[[top, bottom], [left, right]]`.' } },
  },
  add: {
    description: 'Element-wise sum of two or more layers (a residual connection). List the shortcut (trunk) first: under `pad` the first input that is widest owns the output width.',
    keys: {
      from: { kind: 'refs', required: true, description: 'The layers to add, at least two, the shortcut (trunk) first.' },
      mode: { kind: 'enum', values: RESIDUAL_VALUES, description: `Overrides the file's \`residual\` for this add. ${RESIDUAL_DOC}` },
    },
  },
  concat: {
    description: 'Concatenation of two or more layers on the channel axis.',
    keys: { from: { kind: 'refs', required: true, description: 'The layers to concatenate, at least two, in order.' } },
  },
  stage: {
    description: 'A stage of repeated residual blocks, expanded into convolutions named `<stage>.<block>.<slot>` (e.g. `stage1.0.inner`).',
    keys: {
      block: { kind: 'enum', values: BLOCK_VALUES, required: true, description: '`basic`: ResNet basic block (slots `inner`, `out`). `bottleneck`: ResNet bottleneck (slots `reduce`, `inner`, `out`). `inverted`: MobileNetV2 inverted residual (slots `expand`, `out`; the first block has no residual).' },
      repeat: { kind: 'int', default: 1, description: 'Number of blocks.' },
      stride: { ...stride, description: 'Stride of the first block (its 3×3 or depthwise convolution and its shortcut): an integer or `[height, width]`.' },
      shortcut: { kind: 'enum', values: SHORTCUT_VALUES, default: 'identity', description: '`identity`: the first block\'s shortcut is its input (average-pooled when strided; a width change is zero-padded under `pad`, coupled under `tie`). `projection`: the first block\'s shortcut is a 1×1 convolution with the stride plus batch norm, `<stage>.0.projection`, as wide as `projection` says.' },
      projection: { kind: 'width', description: 'Width of the projection shortcut (required with `shortcut: projection`); the search changes it like any other width.' },
      residual: { kind: 'enum', values: RESIDUAL_VALUES, description: `Overrides the file's \`residual\` for this stage's adds. ${RESIDUAL_DOC}` },
      reduce: slot('Width of the first 1×1 convolution of a bottleneck block'),
      inner: slot('Width of the inner convolution (the first 3×3 of a basic block, the 3×3 of a bottleneck)'),
      out: slot('Width of the block\'s last convolution, the one added to the shortcut'),
      expand: slot('Width of the 1×1 expansion of an inverted block (usually 6× its input width)'),
      kernel: { ...kernel, description: 'Kernel of an inverted block\'s depthwise convolution: an integer or `[height, width]`.' },
      searchable: { ...searchable, description: 'Whether the channel search may change this stage\'s widths.' },
    },
  },
};

export const LAYER_TYPE_NAMES: readonly string[] = Object.keys(LAYER_TYPES_SPEC);

/** The width slots of each block kind, in the order the block uses them. */
export const BLOCK_SLOTS: Readonly<Record<BlockKind, readonly string[]>> = {
  basic: ['inner', 'out'],
  bottleneck: ['reduce', 'inner', 'out'],
  inverted: ['expand', 'out'],
};

/** Every key a layer of `type` may have (common keys first). */
export function keysOf(type: string): Readonly<Record<string, KeySpec>> {
  return { ...COMMON_KEYS, ...(Object.hasOwn(LAYER_TYPES_SPEC, type) ? LAYER_TYPES_SPEC[type]!.keys : {}) };
}
