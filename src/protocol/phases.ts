/**
 * What a run's phases and final networks are called, for people: one source for the status bar, the progress
 * notification and the panel. Pure and free of runtime dependencies, so the browser bundle can import it too.
 */
import type { FinalNetwork, NetworkResult, PruneMethod, RunPhase, RunReport } from './types.js';

/** Each final network's name in tables, legends and phase labels. */
export const NETWORK_NAMES: Readonly<Record<FinalNetwork, string>> = {
  original: 'original',
  uniform: 'uniformly scaled',
  adjusted: 'adjusted',
  'adjusted-distilled': 'adjusted + distillation',
  l1: 'L1-norm pruned',
  chip: 'CHIP pruned',
  hrel: 'HRel pruned',
};

/** Where a report keeps each final network's result (undefined: the run did not train it). */
export function networkResults(report: RunReport): Readonly<Record<FinalNetwork, NetworkResult | undefined>> {
  return {
    original: report.original,
    uniform: report.uniform,
    adjusted: report.adjusted,
    'adjusted-distilled': report.distilled,
    l1: report.pruned?.l1,
    chip: report.pruned?.chip,
    hrel: report.pruned?.hrel,
  };
}

/** The criterion each pruning baseline ranks channels by. */
export const PRUNE_METHOD_NAMES: Readonly<Record<PruneMethod, string>> = { l1: 'L1 norm', chip: 'CHIP', hrel: 'HRel' };

const FINAL_PREFIX = 'final-';
const PRUNE_PREFIX = 'prune-';

/** The network a `final-<network>` phase trains (or fine-tunes), or undefined for any other phase. */
export function phaseNetwork(phase: RunPhase): FinalNetwork | undefined {
  const network = phase.startsWith(FINAL_PREFIX) ? phase.slice(FINAL_PREFIX.length) : undefined;
  // A phase read from an event log written by another version may name a network this one does not know.
  return network !== undefined && Object.hasOwn(NETWORK_NAMES, network) ? (network as FinalNetwork) : undefined;
}

/** The pruning criterion a `prune-<method>` phase scores channels with, or undefined for any other phase. */
export function phasePruneMethod(phase: RunPhase): PruneMethod | undefined {
  const method = phase.startsWith(PRUNE_PREFIX) ? phase.slice(PRUNE_PREFIX.length) : undefined;
  return method !== undefined && Object.hasOwn(PRUNE_METHOD_NAMES, method) ? (method as PruneMethod) : undefined;
}

/**
 * Whether a network trains in this phase, so its epoch ends are points of the loss and accuracy curves. FUR probe
 * passes, latency timing, channel scoring and the closing `done` event also end with `epochEnd` but train nothing.
 */
export function isTrainingPhase(phase: RunPhase): boolean {
  return phase === 'search-train' || phaseNetwork(phase) !== undefined;
}

/** Whether the final phase fine-tunes (a pruned network starts from the trained original's kept channels). */
export function isFineTunePhase(phase: RunPhase): boolean {
  const network = phaseNetwork(phase);
  return network !== undefined && Object.hasOwn(PRUNE_METHOD_NAMES, network);
}

/** "training (search)", "measuring FUR", "final training: adjusted", "fine-tuning: CHIP pruned", … */
export function phaseLabel(phase: RunPhase): string {
  const network = phaseNetwork(phase);
  if (network !== undefined) {
    return `${isFineTunePhase(phase) ? 'fine-tuning' : 'final training'}: ${NETWORK_NAMES[network]}`;
  }
  const method = phasePruneMethod(phase);
  if (method !== undefined) {
    return `pruning: scoring channels by ${PRUNE_METHOD_NAMES[method]}`;
  }
  switch (phase) {
    case 'latency-table':
      return 'timing layers for the latency table';
    case 'search-train':
      return 'training (search)';
    case 'fur':
      return 'measuring FUR';
    case 'done':
      return 'writing the report';
    default:
      // Only a phase from a newer engine gets here; its own name says more than nothing.
      return String(phase);
  }
}
