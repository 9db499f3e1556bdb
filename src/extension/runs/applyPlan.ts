/**
 * The text edits that write a run's proposal into a model file's current text (the open document's, unsaved edits
 * included). Whether the file still matches the run is decided by `applyProposal`, shared with the CLI's `apply`.
 */
import type { TextEdit } from '../../model/format.js';
import { loadModel } from '../../model/load.js';
import { applyProposal, type Proposal } from '../../engine/runs/adjusted.js';
import type { RunStore } from '../../engine/runs/store.js';
import type { WidthMap } from '../../protocol/types.js';

export type ApplyPlan =
  | { readonly kind: 'edits'; readonly edits: readonly TextEdit[]; readonly changed: readonly WidthChange[] }
  /** The file already has these widths. */
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'refused'; readonly message: string };

export interface WidthChange {
  readonly name: string;
  readonly from: number;
  readonly to: number;
}

/**
 * The edits that write `proposal` into the file. Refused (with the reason) when the file has errors, its structure
 * or one of its widths changed since the run started, or the rewriter refuses the assignment.
 */
export function planApply(store: RunStore, fileName: string, text: string, proposal: Proposal): ApplyPlan {
  const current = loadModel(fileName, text).analysis?.widths;
  if (current && Object.entries(proposal.widths).every(([name, value]) => current[name] === value)) {
    return { kind: 'unchanged' };
  }
  const result = applyProposal(store, fileName, text, proposal);
  if (!result.ok) {
    return { kind: 'refused', message: result.message };
  }
  return { kind: 'edits', edits: result.edits, changed: widthChanges(current ?? store.manifest.originalWidths, proposal.widths) };
}

/** The widths `target` changes relative to `current`, in `target`'s order. */
export function widthChanges(current: Readonly<WidthMap>, target: Readonly<WidthMap>): WidthChange[] {
  return Object.entries(target)
    .filter(([name, to]) => current[name] !== undefined && current[name] !== to)
    .map(([name, to]) => ({ name, from: current[name]!, to }));
}
