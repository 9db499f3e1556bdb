/**
 * Expanding a `stage` into its blocks. Node names: `<stage>.<i>.<slot>` for convolutions (with `/bn`, `/act`),
 * `<stage>.<i>.dw`, `.projection`, `.pool`, `.add`, `.relu`.
 *
 * Every residual add lists the shortcut FIRST: under `pad` the derivative of max() goes to the first input that
 * attains the maximum, so at equal widths the trunk, not the branch, owns the stage's width (as in the method).
 */
import type { LayerAttrsByType, ResidualMode } from '../graph.js';
import type { Builder } from './expand.js';
import type { StageSpec, WidthSpec } from './spec.js';
import type { Pair2 } from './values.js';
import type { BlockKind } from './vocabulary.js';

/** One block: its name prefix, index in the stage, input and stride; returns its output node. */
interface BlockContext {
  readonly b: Builder;
  readonly s: StageSpec;
  readonly prefix: string;
  readonly index: number;
  readonly input: string;
  readonly stride: Pair2;
  readonly mode: ResidualMode;
}

type BlockExpander = (c: BlockContext) => string;

export function expandStage(b: Builder, s: StageSpec, stage: string, input: string, mode: ResidualMode): string {
  let x = input;
  for (let i = 0; i < s.repeat; i++) {
    // Only the first block changes the resolution (and the width, through its shortcut).
    const stride: Pair2 = i === 0 ? s.stride : [1, 1];
    x = BLOCKS[s.block]({ b, s, prefix: `${stage}.${i}`, index: i, input: x, stride, mode });
  }
  return x;
}

function convAttrs(kernel: Pair2, stride: Pair2): LayerAttrsByType['conv2d'] {
  return { kernel, stride, padding: 'same', dilation: [1, 1], groups: 1, bias: false };
}

function width(c: BlockContext, slot: string): WidthSpec {
  return c.s.slots[slot]![c.index]!;
}

/** A block convolution `<prefix>.<slot>` with batch norm and the given activation. */
function slotConv(c: BlockContext, slot: string, input: string, kernel: Pair2, stride: Pair2, act: 'relu' | 'relu6' | null): string {
  return c.b.conv(`${c.prefix}.${slot}`, input, convAttrs(kernel, stride), width(c, slot), c.s.searchable, { bn: true, act });
}

/**
 * The first block's shortcut: a 1×1 projection with the stride when the stage has one, else the input,
 * average-pooled when strided (the option-A shortcut; a width change is zero-padded or tied by the add).
 */
function shortcut(c: BlockContext): string {
  if (c.index === 0 && c.s.projection) {
    return c.b.conv(`${c.prefix}.projection`, c.input, convAttrs([1, 1], c.stride), c.s.projection, c.s.searchable, { bn: true, act: null });
  }
  if (c.stride[0] !== 1 || c.stride[1] !== 1) {
    return c.b.node(`${c.prefix}.pool`, 'avg_pool', [c.input], { size: c.stride, stride: c.stride, padding: 'same' });
  }
  return c.input;
}

function residual(c: BlockContext, branch: string, relu: boolean): string {
  const sum = c.b.node(`${c.prefix}.add`, 'add', [shortcut(c), branch], { mode: c.mode });
  return relu ? c.b.node(`${c.prefix}.relu`, 'activation', [sum], { fn: 'relu' }) : sum;
}

/** ResNet basic block: conv3×3(stride)-BN-ReLU → conv3×3-BN → add → ReLU. */
const basic: BlockExpander = (c) => {
  const h = slotConv(c, 'inner', c.input, [3, 3], c.stride, 'relu');
  return residual(c, slotConv(c, 'out', h, [3, 3], [1, 1], null), true);
};

/** ResNet bottleneck (stride on the 3×3): conv1×1-BN-ReLU → conv3×3-BN-ReLU → conv1×1-BN → add → ReLU. */
const bottleneck: BlockExpander = (c) => {
  const r = slotConv(c, 'reduce', c.input, [1, 1], [1, 1], 'relu');
  const h = slotConv(c, 'inner', r, [3, 3], c.stride, 'relu');
  return residual(c, slotConv(c, 'out', h, [1, 1], [1, 1], null), true);
};

/** MobileNetV2 inverted residual: expand 1×1 → depthwise → linear 1×1; only blocks after the first add. */
const inverted: BlockExpander = (c) => {
  const e = slotConv(c, 'expand', c.input, [1, 1], [1, 1], 'relu6');
  const dwAttrs: LayerAttrsByType['depthwise_conv2d'] = { kernel: c.s.kernel, stride: c.stride, padding: 'same', dilation: [1, 1], multiplier: 1, bias: false };
  const dw = c.b.bnAct(`${c.prefix}.dw`, c.b.node(`${c.prefix}.dw`, 'depthwise_conv2d', [e], dwAttrs), true, 'relu6');
  const y = slotConv(c, 'out', dw, [1, 1], [1, 1], null);
  return c.index === 0 ? y : residual(c, y, false);
};

const BLOCKS: Readonly<Record<BlockKind, BlockExpander>> = { basic, bottleneck, inverted };
