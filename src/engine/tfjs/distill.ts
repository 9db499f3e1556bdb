/** The teacher of a distilled training: the same model at the teacher's widths, with its trained weights. */
import type { ModelAnalysis } from '../../model/analyze.js';
import type { DistillOptions } from '../trainer.js';
import { buildNetwork, type TfjsNetwork } from './buildModel.js';
import type { StepTeacher } from './trainStep.js';
import { loadNetworkWeights } from './weightFile.js';

/** Builds and loads the teacher; the caller disposes `net` when the training ends. */
export function buildTeacher(analysis: ModelAnalysis, distill: DistillOptions): StepTeacher {
  if (!(distill.weight >= 0 && distill.weight <= 1)) {
    throw new RangeError(`the distillation weight must be in [0, 1], got ${distill.weight}`);
  }
  if (!(distill.temperature > 0 && Number.isFinite(distill.temperature))) {
    throw new RangeError(`the distillation temperature must be a number > 0, got ${distill.temperature}`);
  }
  let net: TfjsNetwork | undefined;
  try {
    // Any seed: every variable is overwritten by the teacher's weights.
    net = buildNetwork(analysis, distill.teacherWidths, 0);
    loadNetworkWeights(net, distill.teacherWeights);
  } catch (e) {
    net?.dispose();
    throw new Error(`the distillation teacher: ${(e as Error).message}`);
  }
  return { net, weight: distill.weight, temperature: distill.temperature };
}
