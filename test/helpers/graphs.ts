/** Small hand-built graphs for unit tests of the format-independent model core. */
import type { LayerAttrsByType, LayerNode, LayerType, ModelGraph, WidthVariable } from '../../src/model/graph.js';

type NodeSpec<T extends LayerType> = { name: string; type: T; inputs: string[]; attrs?: Partial<LayerAttrsByType[T]>; width?: number };

const DEFAULTS: { [T in LayerType]: LayerAttrsByType[T] } = {
  input: { shape: [8, 8, 3] },
  conv2d: { kernel: [3, 3], stride: [1, 1], padding: 'same', dilation: [1, 1], groups: 1, bias: false },
  depthwise_conv2d: { kernel: [3, 3], stride: [1, 1], padding: 'same', dilation: [1, 1], multiplier: 1, bias: false },
  separable_conv2d: { kernel: [3, 3], stride: [1, 1], padding: 'same', dilation: [1, 1], multiplier: 1, bias: false },
  dense: { bias: true },
  batch_norm: { scale: true, center: true, epsilon: 1e-3, momentum: 0.99 },
  activation: { fn: 'relu' },
  add: { mode: 'pad' },
  concat: {},
  max_pool: { size: [2, 2], stride: [2, 2], padding: 'valid' },
  avg_pool: { size: [2, 2], stride: [2, 2], padding: 'valid' },
  global_avg_pool: {},
  flatten: {},
  dropout: { rate: 0.5 },
  zero_pad: { pad: [[1, 1], [1, 1]] },
};

export function node<T extends LayerType>(name: string, type: T, inputs: string[], attrs: Partial<LayerAttrsByType[T]> = {}, width?: number): NodeSpec<T> {
  return width === undefined ? { name, type, inputs, attrs } : { name, type, inputs, attrs, width };
}

/** A graph from node specs; nodes given a `width` get a searchable width variable of that value. */
export function graphOf(input: [number, number, number], specs: NodeSpec<LayerType>[], outputs?: string[]): ModelGraph {
  const nodes: LayerNode[] = [
    { name: 'input', type: 'input', inputs: [], attrs: { shape: input } },
    ...specs.map((s) => {
      const attrs = { ...DEFAULTS[s.type], ...s.attrs };
      return (s.width === undefined ? { name: s.name, type: s.type, inputs: s.inputs, attrs } : { name: s.name, type: s.type, inputs: s.inputs, attrs, width: s.name }) as LayerNode;
    }),
  ];
  const widths: WidthVariable[] = specs
    .filter((s) => s.width !== undefined)
    .map((s) => ({ name: s.name, value: s.width!, searchable: true, divisor: s.type === 'conv2d' ? ((s.attrs as { groups?: number })?.groups ?? 1) : 1 }));
  return { format: 'netadj-yaml', name: 'test', input, nodes, widths, outputs: outputs ?? [nodes[nodes.length - 1]!.name] };
}
