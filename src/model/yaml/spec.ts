/**
 * Layer items as read from the file, defaults applied, before they are named, wired and expanded into graph nodes.
 * Reading checks every value; expansion (expand.ts, blocks.ts) is then a pure function of these records.
 */
import type { Activation, LayerAttrsByType, ResidualMode, WidthLiteral } from '../graph.js';
import type { SourceRange } from '../source.js';
import type { BlockKind } from './vocabulary.js';
import type { Pair2, Ref } from './values.js';

/** A width as written: its value and the literal the rewriter changes. */
export interface WidthSpec {
  readonly value: number;
  readonly literal?: WidthLiteral;
}

export interface ConvSpec {
  readonly kind: 'conv';
  readonly width: WidthSpec;
  readonly attrs: LayerAttrsByType['conv2d'];
  readonly bn: boolean;
  readonly act: Activation | null;
  readonly searchable: boolean;
}

export interface DwConvSpec {
  readonly kind: 'dwconv';
  readonly attrs: LayerAttrsByType['depthwise_conv2d'];
  readonly bn: boolean;
  readonly act: Activation | null;
}

export interface DenseSpec {
  readonly kind: 'dense';
  readonly units: WidthSpec;
  readonly bias: boolean;
  readonly act: Activation | null;
  readonly searchable: boolean;
}

/** A layer that maps to exactly one graph node with no width of its own. */
export type SimpleSpec = {
  [T in 'batch_norm' | 'activation' | 'max_pool' | 'avg_pool' | 'global_avg_pool' | 'flatten' | 'dropout' | 'zero_pad' | 'concat']: {
    readonly kind: 'simple';
    readonly type: T;
    readonly attrs: LayerAttrsByType[T];
  };
}['batch_norm' | 'activation' | 'max_pool' | 'avg_pool' | 'global_avg_pool' | 'flatten' | 'dropout' | 'zero_pad' | 'concat'];

export interface AddSpec {
  readonly kind: 'add';
  /** Absent: the file's (or the stage's) residual mode. */
  readonly mode?: ResidualMode;
}

export interface StageSpec {
  readonly kind: 'stage';
  readonly block: BlockKind;
  readonly repeat: number;
  readonly stride: Pair2;
  readonly kernel: Pair2;
  /** The projection shortcut's width, when the stage has one. */
  readonly projection?: WidthSpec;
  readonly residual?: ResidualMode;
  /** Per slot (`inner`, `out`, …), one width per block instance. */
  readonly slots: Readonly<Record<string, readonly WidthSpec[]>>;
  readonly searchable: boolean;
}

/** An item that could not be read: it passes its input through so the rest of the file still wires up. */
export interface SkipSpec {
  readonly kind: 'skip';
}

export type LayerSpec = ConvSpec | DwConvSpec | DenseSpec | SimpleSpec | AddSpec | StageSpec | SkipSpec;

export interface ItemSpec {
  readonly index: number;
  readonly type: string;
  /** The mapping (or scalar) of the item: every node it expands to points here. */
  readonly range: SourceRange;
  readonly name?: string;
  readonly nameRange?: SourceRange;
  readonly from?: readonly Ref[];
  readonly body: LayerSpec;
}
