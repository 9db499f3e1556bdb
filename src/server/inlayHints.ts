/** Inlay hints: the run's proposed width beside each width literal it would change (`16 → 26`). */
import type { InlayHint, Range } from 'vscode-languageserver';
import type { WidthVariable } from '../model/graph.js';
import type { DocumentAnalysis } from './analysisCache.js';
import { contains } from './ranges.js';
import { formatFur, proposedWidth, type RunResults } from './runResults.js';

/**
 * One hint per literal, at its end. A literal shared by several block instances shows one number when the run
 * proposes the same width for all of them, else the per-instance list the rewriter would write.
 */
export function computeInlayHints(a: DocumentAnalysis, run: RunResults | undefined, range?: Range): InlayHint[] {
  const analysis = a.model.analysis;
  if (!run || !analysis) {
    return [];
  }
  const byLiteral = new Map<number, WidthVariable[]>();
  for (const w of analysis.graph.widths) {
    if (w.literal) {
      const list = byLiteral.get(w.literal.range.start);
      if (list) {
        list.push(w);
      } else {
        byLiteral.set(w.literal.range.start, [w]);
      }
    }
  }
  const hints: InlayHint[] = [];
  for (const vars of byLiteral.values()) {
    const next = vars.map((w) => proposedWidth(run, w));
    if (next.every((n, i) => n === vars[i]!.value)) {
      continue;
    }
    const literal = vars[0]!.literal!;
    const position = a.lines.position(literal.range.end);
    if (range && !contains(range, position)) {
      continue;
    }
    const written = vars[0]!.value;
    const shown = next.every((n) => n === next[0]) ? String(next[0]) : `[${next.join(', ')}]`;
    hints.push({ position, label: `${written} → ${shown}`, paddingLeft: true, tooltip: tooltip(a, run, vars) });
  }
  return hints;
}

function tooltip(a: DocumentAnalysis, run: RunResults, vars: readonly WidthVariable[]): string {
  const groupOf = a.model.analysis?.groupOf ?? {};
  const furs = [...new Set(vars.map((w) => groupOf[w.name]))]
    .filter((g): g is string => g !== undefined && run.fur.has(g))
    .map((g) => `${g}: FUR ${formatFur(run.fur.get(g)!)} (rank ${run.rank.get(g)}/${run.fur.size})`);
  return [`Proposed by run ${run.runId}, iteration ${run.iteration}.`, ...furs].join('\n');
}
