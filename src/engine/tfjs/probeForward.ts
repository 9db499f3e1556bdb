/**
 * FUR probes that reuse computation: dropping the channels of layer l leaves every layer upstream of l unchanged,
 * so one clean inference pass per batch keeps the activations the probes start from, and each probe recomputes
 * only the layers downstream of its drop points. The masks are seeded exactly as in a full pass, so each probe's
 * logits equal those of `forward` with its rates.
 */
import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../random.js';
import { channelDrop } from './channelDrop.js';
import type { LayerParams } from './layerParams.js';
import { layerForward, type PassContext } from './layerOps.js';
import type { NetworkPlan } from './plan.js';

/** One probe of a batch: its channel-drop rates and the seed of this batch's masks. */
export interface BatchProbe {
  readonly dropRates: Readonly<Record<string, number>>;
  readonly seed: number;
}

interface Step {
  readonly layer: NetworkPlan['layers'][number];
  /** The layer is a drop point whose inputs are clean: its clean output, masked, is its value. */
  readonly fromClean: boolean;
}

/** The layers a probe recomputes (in order) and the clean activations it reads. */
export function reusePlan(plan: NetworkPlan, dropAt: ReadonlyMap<string, string>, rates: Readonly<Record<string, number>>): { steps: Step[]; needs: Set<string>; logitsDirty: boolean } {
  const dirty = new Set<string>();
  const steps: Step[] = [];
  const needs = new Set<string>();
  for (const layer of plan.layers) {
    const { name, inputs } = layer.node;
    const variable = dropAt.get(name);
    const dropped = variable !== undefined && (rates[variable] ?? 0) > 0;
    const upstream = inputs.some((i) => dirty.has(i));
    if (!dropped && !upstream) {
      continue;
    }
    dirty.add(name);
    steps.push({ layer, fromClean: !upstream });
    (upstream ? inputs.filter((i) => !dirty.has(i)) : [name]).forEach((n) => needs.add(n));
  }
  return { steps, needs, logitsDirty: dirty.has(plan.logits) };
}

/**
 * Scores every probe on batch `x`: `score(logits)` runs inside a tidy per probe (so one probe's activations are
 * freed before the next), and its result is returned kept. The clean activations live in the caller's tidy.
 */
export function probeForward(
  plan: NetworkPlan,
  params: ReadonlyMap<string, LayerParams>,
  dropAt: ReadonlyMap<string, string>,
  x: tf.Tensor4D,
  probes: readonly BatchProbe[],
  score: (logits: tf.Tensor2D) => tf.Tensor,
): tf.Tensor[] {
  const plans = probes.map((p) => reusePlan(plan, dropAt, p.dropRates));
  const keep = new Set(plans.flatMap((p) => [...p.needs]));
  const clean = new Map<string, tf.Tensor>();
  const left = new Map(plan.uses);
  const ctx: PassContext = { training: false, seed: 0 };
  for (const layer of plan.layers) {
    const node = layer.node;
    clean.set(node.name, node.type === 'input' ? x : layerForward(node, node.inputs.map((i) => clean.get(i)!), params.get(node.name)!, ctx));
    // Activations no probe reads are freed after their last consumer, as a plain inference pass frees them.
    for (const input of node.inputs) {
      left.set(input, left.get(input)! - 1);
      const t = clean.get(input);
      if (left.get(input) === 0 && !keep.has(input) && t !== undefined) {
        clean.delete(input);
        if (t !== x && ![...clean.values()].includes(t)) {
          t.dispose();
        }
      }
    }
  }
  const cleanLogits = clean.get(plan.logits)! as tf.Tensor2D;
  return probes.map((probe, i) =>
    tf.tidy(() => {
      const { steps, logitsDirty } = plans[i]!;
      if (!logitsDirty) {
        return score(cleanLogits);
      }
      const values = new Map<string, tf.Tensor>();
      const value = (name: string) => values.get(name) ?? clean.get(name)!;
      const pass: PassContext = { training: false, seed: probe.seed };
      for (const { layer, fromClean } of steps) {
        const node = layer.node;
        let y = fromClean ? clean.get(node.name)! : layerForward(node, node.inputs.map(value), params.get(node.name)!, pass);
        const variable = dropAt.get(node.name);
        const rate = variable === undefined ? 0 : (probe.dropRates[variable] ?? 0);
        if (rate > 0) {
          y = channelDrop(y, rate, deriveSeed(probe.seed, 'channel-drop', variable!));
        }
        values.set(node.name, y);
      }
      return score(values.get(plan.logits)! as tf.Tensor2D);
    }),
  );
}
