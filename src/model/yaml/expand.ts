/** Expanding read items into primitive graph nodes and width variables (stages: blocks.ts). */
import type { Activation, LayerAttrsByType, LayerNode, LayerType, ResidualMode, WidthVariable } from '../graph.js';
import type { SourceRange } from '../source.js';
import { expandStage } from './blocks.js';
import { BN_DEFAULTS } from './itemReaders.js';
import type { ItemSpec, WidthSpec } from './spec.js';

export interface Expansion {
  readonly nodes: readonly LayerNode[];
  readonly widths: readonly WidthVariable[];
  /** The node whose output is the item's output: what `from: <item name>` and the next item take. */
  readonly output: string;
}

interface NodeOptions {
  /** The node is the written layer itself, not one expanded from it: it gets no `origin`. */
  readonly own?: boolean;
  /** The width variable (named like the node) that sets its output channels. */
  readonly width?: { readonly spec: WidthSpec; readonly searchable: boolean; readonly divisor: number };
}

/** Collects the nodes and width variables of one item; every node points at the item's text. */
export class Builder {
  readonly nodes: LayerNode[] = [];
  readonly widths: WidthVariable[] = [];
  private readonly range: SourceRange;
  private readonly origin: string;

  constructor(range: SourceRange, origin: string) {
    this.range = range;
    this.origin = origin;
  }

  /** Adds a node and returns its name, so calls chain as `x = b.node(…, [x], …)`. */
  node<T extends LayerType>(name: string, type: T, inputs: readonly string[], attrs: LayerAttrsByType[T], opts: NodeOptions = {}): string {
    const w = opts.width;
    const node = { name, type, inputs: [...inputs], attrs, range: this.range, ...(opts.own ? {} : { origin: this.origin }), ...(w ? { width: name } : {}) };
    this.nodes.push(node as LayerNode);
    if (w) {
      const literal = w.spec.literal;
      this.widths.push({ name, value: w.spec.value, searchable: w.searchable, divisor: w.divisor, ...(literal ? { literal } : {}) });
    }
    return name;
  }

  /** Optional batch norm and activation after `input`, named `<base>/bn` and `<base>/act`. */
  bnAct(base: string, input: string, bn: boolean, act: Activation | null): string {
    const x = bn ? this.node(`${base}/bn`, 'batch_norm', [input], { ...BN_DEFAULTS }) : input;
    return act ? this.node(`${base}/act`, 'activation', [x], { fn: act }) : x;
  }

  /** Convolution with its width variable, then batch norm and activation. */
  conv(name: string, input: string, attrs: LayerAttrsByType['conv2d'], width: WidthSpec, searchable: boolean, post: { bn: boolean; act: Activation | null; own?: boolean }): string {
    const c = this.node(name, 'conv2d', [input], attrs, { own: post.own ?? false, width: { spec: width, searchable, divisor: attrs.groups } });
    return this.bnAct(name, c, post.bn, post.act);
  }
}

/** Expands one item, given its final name, its input node names and the residual mode in force. */
export function expandItem(item: ItemSpec, name: string, inputs: readonly string[], residual: ResidualMode): Expansion {
  const b = new Builder(item.range, name);
  const first = inputs[0]!;
  const body = item.body;
  const own = { own: true };
  let output: string;
  switch (body.kind) {
    case 'skip':
      output = first;
      break;
    case 'conv':
      output = b.conv(name, first, body.attrs, body.width, body.searchable, { bn: body.bn, act: body.act, own: true });
      break;
    case 'dwconv':
      output = b.bnAct(name, b.node(name, 'depthwise_conv2d', [first], body.attrs, own), body.bn, body.act);
      break;
    case 'dense': {
      const d = b.node(name, 'dense', [first], { bias: body.bias }, { own: true, width: { spec: body.units, searchable: body.searchable, divisor: 1 } });
      output = b.bnAct(name, d, false, body.act);
      break;
    }
    case 'simple':
      output = b.node(name, body.type, body.type === 'concat' ? inputs : [first], body.attrs as never, own);
      break;
    case 'add':
      output = b.node(name, 'add', inputs, { mode: body.mode ?? residual }, own);
      break;
    case 'stage':
      output = expandStage(b, body, name, first, body.residual ?? residual);
      break;
  }
  return { nodes: b.nodes, widths: b.widths, output };
}
