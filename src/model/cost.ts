/**
 * Cost polynomials: MACs and parameter counts as functions of the width variables.
 *
 * Conventions (the single source of truth for the whole product):
 * - MACs are multiply-accumulates of convolutions (including depthwise and grouped) and dense layers only;
 *   batch norm, activations, additions, pooling and biases cost nothing.
 * - Trainable parameters are what PyTorch's `parameters()` counts: kernels, biases, batch-norm gamma and beta.
 * - Non-trainable parameters are batch-norm moving mean and variance; trainable + non-trainable equals what
 *   Keras / TensorFlow.js `countParams()` reports.
 */
import { derivative, evaluate, type ChannelExpr, type Widths } from './channels.js';

/** `coef · Π factors`; every cost in a CNN is such a term with at most two channel factors. */
export interface CostTerm {
  readonly coef: number;
  readonly factors: readonly ChannelExpr[];
}

/** A layer's costs as polynomials in the widths. */
export interface LayerCostTerms {
  readonly macs: readonly CostTerm[];
  readonly params: readonly CostTerm[];
  readonly nonTrainableParams: readonly CostTerm[];
}

export const NO_COST: LayerCostTerms = { macs: [], params: [], nonTrainableParams: [] };

export function evaluateTerms(terms: readonly CostTerm[], widths: Widths): number {
  let total = 0;
  for (const t of terms) {
    let value = t.coef;
    for (const f of t.factors) {
      value *= evaluate(f, widths);
    }
    total += value;
  }
  return total;
}

/** Adds `∂(Σ terms)/∂v` for every variable v into `out` (product rule over the factors). */
export function accumulateGradient(terms: readonly CostTerm[], widths: Widths, out: Map<string, number>): void {
  for (const t of terms) {
    const values = t.factors.map((f) => evaluate(f, widths));
    t.factors.forEach((f, i) => {
      let others = t.coef;
      values.forEach((v, j) => {
        if (j !== i) {
          others *= v;
        }
      });
      if (others === 0) {
        return;
      }
      for (const [name, d] of derivative(f, widths)) {
        out.set(name, (out.get(name) ?? 0) + others * d);
      }
    });
  }
}
