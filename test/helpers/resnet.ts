/** A CIFAR ResNet-20-like graph built with `graphOf`: zero-padded residual adds, average-pool shortcuts. */
import type { LayerType, ModelGraph } from '../../src/model/graph.js';
import { graphOf, node } from './graphs.js';

type Spec = ReturnType<typeof node<LayerType>>;

/**
 * Stem conv (16, fixed) → 3 stages × `blocks` basic blocks (16/32/64, stride 2 at the first conv of stages 2 and
 * 3) → global average pool → dense `classes`. Searchable convs are `c0`, `c1`, … (inner, output of each block).
 * The shortcut is the FIRST input of every add: the model core gives a `max` tie to its first argument, which is
 * the reference's rule that the trunk changes owner only when a branch is strictly wider.
 */
export function resnetCifar(blocks = 3, classes = 100, base = 16): ModelGraph {
  const specs: Spec[] = [node('stem', 'conv2d', ['input'], {}, base), node('stem_bn', 'batch_norm', ['stem']), node('stem_relu', 'activation', ['stem_bn'])];
  let trunk = 'stem_relu';
  let c = 0;
  for (let stage = 0; stage < 3; stage++) {
    const width = base * 2 ** stage;
    for (let b = 0; b < blocks; b++) {
      const down = stage > 0 && b === 0;
      const [inner, out] = [`c${c}`, `c${c + 1}`];
      specs.push(
        node(inner, 'conv2d', [trunk], down ? { stride: [2, 2] } : {}, width),
        node(`${inner}_bn`, 'batch_norm', [inner]),
        node(`${inner}_relu`, 'activation', [`${inner}_bn`]),
        node(out, 'conv2d', [`${inner}_relu`], {}, width),
        node(`${out}_bn`, 'batch_norm', [out]),
      );
      let shortcut = trunk;
      if (down) {
        specs.push(node(`${out}_pool`, 'avg_pool', [trunk]));
        shortcut = `${out}_pool`;
      }
      specs.push(node(`${out}_add`, 'add', [shortcut, `${out}_bn`]), node(`${out}_relu`, 'activation', [`${out}_add`]));
      trunk = `${out}_relu`;
      c += 2;
    }
  }
  specs.push(node('gap', 'global_avg_pool', [trunk]), node('fc', 'dense', [ 'gap'], {}, classes));
  return fixWidths(graphOf([32, 32, 3], specs), ['stem']);
}

/** The same graph with the named width variables marked not searchable (as `searchable: false` in a file). */
export function fixWidths(graph: ModelGraph, names: readonly string[]): ModelGraph {
  return { ...graph, widths: graph.widths.map((w) => (names.includes(w.name) ? { ...w, searchable: false } : w)) };
}
