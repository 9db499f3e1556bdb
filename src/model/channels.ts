/**
 * Channel counts as expressions over width variables.
 *
 * A tensor's channel count is not always one literal: a zero-padded residual add has `max(a, b)` channels,
 * a concat has `a + b`, a flatten has `H·W·c`. Keeping the expression lets costs be re-evaluated at any width
 * assignment, and differentiated, without re-running shape inference.
 */
export type ChannelExpr =
  | { readonly kind: 'const'; readonly value: number }
  | { readonly kind: 'var'; readonly name: string }
  | { readonly kind: 'max'; readonly args: readonly ChannelExpr[] }
  | { readonly kind: 'sum'; readonly args: readonly ChannelExpr[] }
  | { readonly kind: 'scale'; readonly factor: number; readonly arg: ChannelExpr };

/** Width assignment: width-variable name → channel count. */
export type Widths = Readonly<Record<string, number>>;

export const constant = (value: number): ChannelExpr => ({ kind: 'const', value });
export const variable = (name: string): ChannelExpr => ({ kind: 'var', name });
export const maxOf = (args: readonly ChannelExpr[]): ChannelExpr => (args.length === 1 ? args[0]! : { kind: 'max', args });
export const sumOf = (args: readonly ChannelExpr[]): ChannelExpr => (args.length === 1 ? args[0]! : { kind: 'sum', args });
export const scaled = (factor: number, arg: ChannelExpr): ChannelExpr => (factor === 1 ? arg : { kind: 'scale', factor, arg });

export function evaluate(expr: ChannelExpr, widths: Widths): number {
  switch (expr.kind) {
    case 'const':
      return expr.value;
    case 'var': {
      const value = widths[expr.name];
      if (value === undefined) {
        throw new Error(`no width given for '${expr.name}'`);
      }
      return value;
    }
    case 'max':
      return Math.max(...expr.args.map((a) => evaluate(a, widths)));
    case 'sum':
      return expr.args.reduce((acc, a) => acc + evaluate(a, widths), 0);
    case 'scale':
      return expr.factor * evaluate(expr.arg, widths);
  }
}

/**
 * Partial derivatives of `expr` with respect to each width variable, at `widths`.
 *
 * `max` passes its derivative to the first argument that attains the maximum: the trunk of a zero-padded residual
 * stage changes owner only when a later branch is strictly wider, as in the method's reference implementation.
 */
export function derivative(expr: ChannelExpr, widths: Widths): Map<string, number> {
  const out = new Map<string, number>();
  accumulateDerivative(expr, widths, 1, out);
  return out;
}

function accumulateDerivative(expr: ChannelExpr, widths: Widths, weight: number, out: Map<string, number>): void {
  switch (expr.kind) {
    case 'const':
      return;
    case 'var':
      out.set(expr.name, (out.get(expr.name) ?? 0) + weight);
      return;
    case 'max': {
      const owner = argMax(expr.args, widths);
      accumulateDerivative(expr.args[owner]!, widths, weight, out);
      return;
    }
    case 'sum':
      for (const a of expr.args) {
        accumulateDerivative(a, widths, weight, out);
      }
      return;
    case 'scale':
      accumulateDerivative(expr.arg, widths, weight * expr.factor, out);
      return;
  }
}

function argMax(args: readonly ChannelExpr[], widths: Widths): number {
  let best = 0;
  let bestValue = -Infinity;
  args.forEach((a, i) => {
    const v = evaluate(a, widths);
    if (v > bestValue) {
      best = i;
      bestValue = v;
    }
  });
  return best;
}

/** Every width variable the expression mentions, in first-mention order. */
export function variablesOf(expr: ChannelExpr): string[] {
  const seen = new Set<string>();
  const visit = (e: ChannelExpr): void => {
    switch (e.kind) {
      case 'var':
        seen.add(e.name);
        return;
      case 'max':
      case 'sum':
        e.args.forEach(visit);
        return;
      case 'scale':
        visit(e.arg);
        return;
      case 'const':
        return;
    }
  };
  visit(expr);
  return [...seen];
}

/** Human-readable form, e.g. `max(stage1.0.out, stem)`. */
export function formatExpr(expr: ChannelExpr): string {
  switch (expr.kind) {
    case 'const':
      return String(expr.value);
    case 'var':
      return expr.name;
    case 'max':
      return `max(${expr.args.map(formatExpr).join(', ')})`;
    case 'sum':
      return expr.args.map(formatExpr).join(' + ');
    case 'scale':
      return `${expr.factor}·${formatExpr(expr.arg)}`;
  }
}
