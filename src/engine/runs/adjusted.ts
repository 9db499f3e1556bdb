/**
 * A run's proposal for its model file, and writing it into that file's text: the one place that decides whether a
 * file still matches the run it came from (the CLI's `apply` and the editor's "Apply adjusted widths" both use it).
 */
import { loadModel } from '../../model/load.js';
import { rewriteWidths, type RewriteResult } from '../../model/rewrite.js';
import { hasErrors } from '../../model/diagnostics.js';
import type { WidthMap } from '../../protocol/types.js';
import { modelFingerprint } from './fingerprint.js';
import type { RunStore } from './store.js';

export interface Proposal {
  readonly widths: WidthMap;
  /** `report`: the finished run's adjusted network; `iteration`: the latest completed iteration's proposal. */
  readonly source: 'report' | 'iteration';
  /** For `iteration`: which one. */
  readonly iteration?: number;
}

/** What the run proposes now, or undefined when it has not completed an iteration yet. */
export function runProposal(store: RunStore): Proposal | undefined {
  const report = store.readReport();
  if (report) {
    return { widths: report.adjusted.widths, source: 'report' };
  }
  const last = store.completedIterations().at(-1);
  return last ? { widths: last.nextWidths, source: 'iteration', iteration: last.iteration } : undefined;
}

/**
 * The model text with the proposal's widths. Refused (with the reason) when the text no longer parses, its
 * structure changed since the run started, or one of its widths was edited since.
 */
export function applyProposal(store: RunStore, fileName: string, text: string, proposal: Proposal): RewriteResult {
  const mismatch = fileMismatch(store, fileName, text, proposal.widths);
  if (mismatch) {
    return { ok: false, message: `${fileName} no longer matches run ${store.runId}: ${mismatch}` };
  }
  return rewriteWidths(fileName, text, proposal.widths);
}

function fileMismatch(store: RunStore, fileName: string, text: string, proposalWidths: WidthMap): string | undefined {
  const loaded = loadModel(fileName, text);
  if (!loaded.analysis || hasErrors(loaded.diagnostics)) {
    return 'it has errors';
  }
  const current = loaded.analysis.widths;
  if (Object.entries(proposalWidths).every(([name, w]) => current[name] === w)) {
    return 'it already has the adjusted widths';
  }
  const before = store.manifest.originalWidths;
  for (const [name, was] of Object.entries(before)) {
    const now = current[name];
    if (now === undefined) {
      return `it has no layer '${name}'`;
    }
    if (now !== was) {
      return `'${name}' was ${was} channels when the run started and is ${now} now`;
    }
  }
  const fingerprint = store.manifest.modelFingerprint;
  if (fingerprint !== undefined && fingerprint !== modelFingerprint(loaded.analysis.graph)) {
    return 'its layers or connections changed';
  }
  return undefined;
}
