/** Checks every trainer makes the same way, so every engine fails with the same message for the same mistake. */
import type { ModelAnalysis } from '../model/analyze.js';
import { networkPlan } from './tfjs/plan.js';

/** The dataset must have the model's input shape and as many classes as the classifier has outputs. */
export function checkFits(analysis: ModelAnalysis, description: string, shape: readonly [number, number, number], classes: number): void {
  const model = analysis.graph;
  const [h, w, c] = shape;
  const [mh, mw, mc] = model.input;
  if (h !== mh || w !== mw || c !== mc) {
    throw new Error(`the dataset ${description} has ${h}×${w}×${c} images, but the model '${model.name}' takes ${mh}×${mw}×${mc} input`);
  }
  const outputs = networkPlan(analysis, analysis.widths).classes;
  if (outputs !== classes) {
    throw new Error(`the dataset ${description} has ${classes} classes, but the model '${model.name}' classifies into ${outputs} (its output layer's width)`);
  }
}

/** A rate for a name that has no drop point (a typo, a renamed layer) would silently probe nothing. */
export function checkDropRateNames(variables: ReadonlySet<string>, rates: Readonly<Record<string, number>> | undefined): void {
  const unknown = Object.keys(rates ?? {}).filter((name) => !variables.has(name));
  if (unknown.length > 0) {
    throw new Error(`channel-drop rates given for ${unknown.map((n) => `'${n}'`).join(', ')}, which ${unknown.length === 1 ? 'is not a width variable' : 'are not width variables'} of the model`);
  }
}

/** The split must hold images: a loss over nothing would be 0, which looks like a perfect network. */
export function checkNotEmpty(split: 'heldout' | 'test', count: number, description: string): void {
  if (count === 0) {
    throw new Error(`the ${split === 'heldout' ? 'held-out' : 'test'} split of ${description} is empty`);
  }
}
