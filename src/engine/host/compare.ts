/**
 * Checks of a comparison request (`netadjust compare`, the editor's "Compare methods") before a run folder exists:
 * a request the run could not carry out is refused with the reason. What the engine must be able to do for it is
 * src/engine/capabilities.ts.
 */
import type { SearchSettings } from '../../protocol/settings.js';
import { BASELINE_METHODS, type CompareSpec } from '../../protocol/types.js';

/** What is wrong with the request itself, or undefined. */
export function compareProblem(spec: CompareSpec | undefined, settings: SearchSettings): string | undefined {
  if (!spec) {
    return undefined;
  }
  if (!Array.isArray(spec.methods) || spec.methods.length === 0) {
    return `a comparison needs at least one method (${BASELINE_METHODS.join(', ')})`;
  }
  const unknown = spec.methods.filter((m) => !BASELINE_METHODS.includes(m));
  if (unknown.length > 0) {
    return `unknown comparison method${unknown.length > 1 ? 's' : ''} ${unknown.map((m) => `'${String(m)}'`).join(', ')}: choose from ${BASELINE_METHODS.join(', ')}`;
  }
  if (new Set(spec.methods).size !== spec.methods.length) {
    return `each comparison method may be named once, not ${spec.methods.join(', ')}`;
  }
  if (!(settings.targetMacs > 0)) {
    return 'a comparison needs a budget: give a target (--target-macs 0.5 for half the MACs, or a MAC count such as 20M)';
  }
  return undefined;
}
