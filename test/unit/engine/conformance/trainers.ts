/**
 * Every trainer the conformance suite holds to the same contract. The torch trainer is not optional: where PyTorch
 * cannot be imported its tests fail, saying what to install (CI installs it in scripts/test-setup.sh).
 */
import type { ModelGraph } from '../../../../src/model/graph.js';
import { createTfjsTrainer } from '../../../../src/engine/tfjs/trainer.js';
import { findTorchPython } from '../../../../src/engine/torch/python.js';
import { createTorchTrainer } from '../../../../src/engine/torch/trainer.js';
import type { Trainer } from '../../../../src/engine/trainer.js';

export interface TrainerKind {
  readonly name: string;
  readonly create: (graph: ModelGraph) => Promise<Trainer>;
}

/** The torch engine's Python, or a failure that says how to get one. */
export async function torchPython() {
  const search = await findTorchPython();
  if (!search.ok) {
    throw new Error(
      `PyTorch is not importable here, so the torch engine cannot be tested (${search.message}). ` +
        "CI installs it with scripts/test-setup.sh; by hand, as root: 'apt-get install -y python3-torch'.",
    );
  }
  return search.found;
}

export const TRAINERS: readonly TrainerKind[] = [
  // The pure-JS backend: the reference semantics, and present on every machine.
  { name: 'tfjs (cpu backend)', create: (graph) => createTfjsTrainer(graph, { backend: 'cpu' }) },
  { name: 'torch', create: async (graph) => createTorchTrainer(graph, { python: await torchPython() }) },
];
