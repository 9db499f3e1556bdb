/**
 * Writing a width assignment back into a model file: only the width literals change, every other byte stays.
 */
import { analyzeGraph } from './analyze.js';
import { hasErrors } from './diagnostics.js';
import { applyEdits, type TextEdit } from './format.js';
import { kerasWidthEdits } from './keras/rewrite.js';
import { parseModel } from './load.js';
import { yamlWidthEdits } from './yaml/rewrite.js';

export type RewriteResult =
  | { readonly ok: true; readonly text: string; readonly edits: readonly TextEdit[] }
  | { readonly ok: false; readonly message: string };

/**
 * Edits that give the variables in `widths` their new values. Refuses (with a message naming the cause) when the
 * file does not parse cleanly, a name is not a width of this file, a value is not a positive integer, a coupled
 * group would be split, or a fixed width would change.
 */
export function rewriteWidths(fileName: string, text: string, widths: Readonly<Record<string, number>>): RewriteResult {
  const parsed = parseModel(fileName, text);
  if (!parsed.graph || hasErrors(parsed.diagnostics)) {
    return { ok: false, message: `${fileName} has errors; fix them before writing widths into it` };
  }
  const analysis = analyzeGraph(parsed.graph);
  const problem = checkAssignment(analysis, widths);
  if (problem) {
    return { ok: false, message: `${fileName}: ${problem}` };
  }
  const complete = { ...analysis.widths, ...widths };
  const edits = parsed.graph.format === 'netadj-yaml' ? yamlWidthEdits(text, parsed.graph, complete) : kerasWidthEdits(text, parsed.graph, complete);
  return { ok: true, text: applyEdits(text, edits), edits };
}

function checkAssignment(analysis: ReturnType<typeof analyzeGraph>, widths: Readonly<Record<string, number>>): string | undefined {
  const variables = new Map(analysis.graph.widths.map((w) => [w.name, w]));
  for (const [name, value] of Object.entries(widths)) {
    const variable = variables.get(name);
    if (!variable) {
      return `'${name}' is not a width of this model`;
    }
    if (!Number.isInteger(value) || value <= 0) {
      return `the width of '${name}' must be a positive whole number, not ${value}`;
    }
    if (value % variable.divisor !== 0) {
      return `the width of '${name}' must be a multiple of ${variable.divisor}, not ${value}`;
    }
  }
  for (const g of analysis.groups) {
    const values = new Set(g.members.map((m) => widths[m] ?? analysis.widths[m]));
    if (values.size > 1) {
      return `the coupled widths ${g.members.map((m) => `'${m}'`).join(', ')} must stay equal`;
    }
    if (!g.searchable && g.members.some((m) => widths[m] !== undefined && widths[m] !== g.value)) {
      return `'${g.id}' is a fixed width (${g.value}) and cannot be changed`;
    }
  }
  return undefined;
}
