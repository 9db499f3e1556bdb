/**
 * Which channels of a network must be pruned together. Every output channel of a width-owning layer (conv, separable
 * conv, dense) is a fresh channel; a residual add sums its inputs position by position (zero-padding the narrower
 * under `pad`), so the channels it sums must be kept or cut together or the add would mix unrelated channels. A
 * channel CLASS is such a set: union-find over channels, merged position-wise at every add.
 *
 * Because every add aligns channels by position, and a narrower input of a zero-padded add covers a prefix of the
 * wider one's positions, keeping a set of classes keeps, in every layer, a set of positions whose order agrees
 * across the add: the pruned add still sums the right channels (a narrower input's kept positions are a prefix of
 * the wider one's kept positions).
 *
 * Some classes are never pruned: the input image's channels, the outputs of fixed and output layers, and the inputs
 * and outputs of grouped convolutions (pruning would break their groups).
 */
import type { ModelAnalysis, WidthGroup } from '../../model/analyze.js';
import { evaluate, type Widths } from '../../model/channels.js';
import type { LayerNode } from '../../model/graph.js';

export interface ChannelClasses {
  /** Per layer (every node), the class of each of its output channels (flattened features for `flatten`). */
  readonly classOf: ReadonlyMap<string, Int32Array>;
  /** Classes that must be kept. */
  readonly fixed: ReadonlySet<number>;
  /** Width-owning layers whose channels may be cut: variable name → its output classes (one per channel). */
  readonly prunable: ReadonlyMap<string, Int32Array>;
  /** Output channels of every layer at the analysed widths. */
  readonly channels: ReadonlyMap<string, number>;
}

/** The channel classes of the network at `widths` (the widths its weights were trained at). */
export function channelClasses(analysis: ModelAnalysis, widths: Widths): ChannelClasses {
  const builder = new ClassBuilder();
  const raw = new Map<string, Int32Array>();
  const channels = new Map<string, number>();
  const groups = new Map(analysis.groups.map((g) => [g.id, g]));
  const fixedRaw: number[] = [];
  for (const layer of analysis.layers) {
    const node = layer.node;
    if (!layer.shape) {
      throw new Error(`layer '${node.name}' has no known shape; fix the model's errors before pruning`);
    }
    const count = evaluate(layer.shape.channels, widths);
    channels.set(node.name, count);
    const inputs = node.inputs.map((i) => raw.get(i)!);
    const out = outputClasses(node, inputs, count, builder, analysis);
    raw.set(node.name, out);
    const grouped = node.type === 'conv2d' && node.attrs.groups > 1;
    if (node.type === 'input' || (OWNING.has(node.type) && (grouped || !cuttable(groups.get(analysis.groupOf[node.width ?? ''] ?? ''))))) {
      fixedRaw.push(...out);
    }
    if (grouped) {
      fixedRaw.push(...inputs[0]!);
    }
  }
  const canon = (ids: Int32Array) => ids.map((id) => builder.find(id));
  const classOf = new Map([...raw].map(([name, ids]) => [name, canon(ids)]));
  const fixed = new Set(fixedRaw.map((id) => builder.find(id)));
  const prunable = new Map<string, Int32Array>();
  for (const layer of analysis.layers) {
    const { node } = layer;
    if (OWNING.has(node.type) && node.width) {
      const ids = classOf.get(node.name)!;
      if (!ids.every((id) => fixed.has(id))) {
        prunable.set(node.width, ids);
      }
    }
  }
  return { classOf, fixed, prunable, channels };
}

const OWNING: ReadonlySet<LayerNode['type']> = new Set(['conv2d', 'separable_conv2d', 'dense']);

/**
 * Whether a width's channels may be cut: its coupling group is searchable (the analysis already leaves out fixed
 * widths and the network's outputs) and not held to a divisor (grouped convolutions).
 */
function cuttable(group: WidthGroup | undefined): boolean {
  return group !== undefined && group.searchable && group.divisor === 1;
}

function outputClasses(node: LayerNode, inputs: readonly Int32Array[], count: number, builder: ClassBuilder, analysis: ModelAnalysis): Int32Array {
  switch (node.type) {
    case 'input':
    case 'conv2d':
    case 'separable_conv2d':
    case 'dense':
      return builder.fresh(count);
    case 'depthwise_conv2d': {
      // Output channel c·m + k reads input channel c only: it lives and dies with it.
      const m = node.attrs.multiplier;
      return Int32Array.from({ length: count }, (_, i) => inputs[0]![Math.floor(i / m)]!);
    }
    case 'add': {
      const out = Int32Array.from({ length: count }, (_, p) => widest(inputs, p)[p]!);
      for (const input of inputs) {
        input.forEach((id, p) => builder.union(id, out[p]!));
      }
      return out;
    }
    case 'concat': {
      const out = new Int32Array(count);
      let at = 0;
      for (const input of inputs) {
        out.set(input, at);
        at += input.length;
      }
      return out;
    }
    case 'flatten': {
      // Features in H, W, C order: feature (h·W + w)·C + c is channel c's.
      const input = inputs[0]!;
      const c = input.length;
      return Int32Array.from({ length: count }, (_, f) => input[f % c]!);
    }
    default:
      if (inputs[0]!.length !== count) {
        throw new Error(`layer '${node.name}' (${node.type}) changes the channel count; netadjust cannot prune through it (model '${analysis.graph.name}')`);
      }
      return inputs[0]!;
  }
}

function widest(inputs: readonly Int32Array[], position: number): Int32Array {
  const found = inputs.find((i) => i.length > position);
  if (!found) {
    throw new Error(`an add has no input with channel ${position}`);
  }
  return found;
}

/** Union-find over integer channel ids; the representative is the smallest id, so results are stable. */
class ClassBuilder {
  private readonly parent: number[] = [];

  fresh(count: number): Int32Array {
    const start = this.parent.length;
    for (let i = 0; i < count; i++) {
      this.parent.push(start + i);
    }
    return Int32Array.from({ length: count }, (_, i) => start + i);
  }

  find(id: number): number {
    let root = id;
    while (this.parent[root] !== root) {
      root = this.parent[root]!;
    }
    while (this.parent[id] !== root) {
      const next = this.parent[id]!;
      this.parent[id] = root;
      id = next;
    }
    return root;
  }

  union(a: number, b: number): void {
    const [ra, rb] = [this.find(a), this.find(b)];
    if (ra !== rb) {
      this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }
}
