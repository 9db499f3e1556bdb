/**
 * What a run asks of its engine beyond training and testing — saving and loading weights (distillation, pruning),
 * recording feature maps (CHIP, HRel) — checked against the optional methods of its Trainer.
 */
import type { SearchSettings } from '../protocol/settings.js';
import type { CompareSpec } from '../protocol/types.js';
import type { Trainer } from './trainer.js';

/** What the chosen engine cannot do of what the run asks (pruning, feature maps, distillation), or undefined. */
export function capabilityProblem(spec: CompareSpec | undefined, settings: SearchSettings, trainer: Trainer): string | undefined {
  const prunes = spec?.methods.some((m) => m !== 'uniform') ?? false;
  const maps = spec?.methods.some((m) => m === 'chip' || m === 'hrel') ?? false;
  const needs: string[] = [];
  if ((prunes || settings.distillWeight > 0) && !(trainer.saveWeights && trainer.loadWeights)) {
    needs.push('save and load weights');
  }
  if (maps && !trainer.featureMaps) {
    needs.push('record feature maps');
  }
  if (needs.length === 0) {
    return undefined;
  }
  return `the ${trainer.info.engine} engine (${trainer.info.backend}) cannot ${needs.join(' or ')}, which ${prunes || maps ? 'the pruning baselines need' : 'distillation needs'}; choose another engine`;
}
