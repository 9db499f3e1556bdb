/** FUR measurement: the held-out loss increase when a FLOPs-equalised fraction of one group's channels is dropped. */
import type { SplitMetrics, WidthMap } from '../../protocol/types.js';
import { deriveSeed } from '../random.js';
import { searchableGroups } from './groups.js';
import { probeDropRates } from './probe.js';
import type { Session } from './session.js';
import { evaluateSplit } from './steps.js';

export interface FurMeasurement {
  /** The held-out metrics with no channels dropped (L₀). */
  readonly baseline: SplitMetrics;
  /** `mean(L_r) − L₀` per searchable group; may be negative. */
  readonly fur: Record<string, number>;
  readonly dropRates: Record<string, number>;
}

/**
 * Measures FUR for every searchable group of the network trained at iteration `t`: one baseline pass, then for
 * each group `probeRepeats` passes with only that group's rate set, on every member layer of the group (coupled
 * widths are one choice, so they are probed and scored together). Mask seeds derive from the run seed, the
 * iteration, the group and the repeat, so a resumed run draws the same masks.
 */
export async function measureFur(session: Session, t: number, widths: WidthMap): Promise<FurMeasurement> {
  const { settings, analysis } = session;
  const repeats = Math.max(1, settings.probeRepeats);
  const groups = searchableGroups(analysis);
  const total = 1 + groups.length * repeats;
  session.at({ stage: 'fur', passesDone: 0 });
  const baseline = await evaluateSplit(session, 'heldout', { seed: deriveSeed(settings.seed, 'heldout', t) }, `iteration ${t}, held-out baseline`);
  passDone(session, t, 1, total, baseline);
  const dropRates = probeDropRates(analysis, widths, settings);
  const fur: Record<string, number> = {};
  let passes = 1;
  for (const g of groups) {
    const rate = dropRates[g.id]!;
    const rates = Object.fromEntries(g.members.map((m) => [m, rate]));
    let increase = 0;
    for (let r = 0; r < repeats; r++) {
      const seed = deriveSeed(settings.seed, 'probe', t, g.id, r);
      const m = await evaluateSplit(session, 'heldout', { dropRates: rates, seed }, `iteration ${t}, probe of '${g.id}', pass ${r + 1}`);
      increase += m.loss - baseline.loss;
      passDone(session, t, ++passes, total, m);
    }
    fur[g.id] = increase / repeats;
  }
  return { baseline, fur, dropRates };
}

/** Probe passes are reported as a progress event each, so a long probe phase shows life and a time estimate. */
function passDone(session: Session, t: number, done: number, total: number, m: SplitMetrics): void {
  session.at({ passesDone: done });
  session.progress({
    phase: 'fur',
    iteration: t,
    epoch: done,
    epochs: total,
    batch: done,
    batches: total,
    loss: m.loss,
    accuracy: m.accuracy,
    learningRate: 0,
    imagesPerSecond: Math.round(session.throughput.evalImagesPerSecond),
    epochEnd: true,
  });
}
