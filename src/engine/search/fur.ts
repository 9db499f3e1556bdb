/** FUR measurement: the held-out loss increase when a FLOPs-equalised fraction of one group's channels is dropped. */
import type { SplitMetrics, WidthMap } from '../../protocol/types.js';
import { deriveSeed } from '../random.js';
import type { ProbeSpec } from '../trainer.js';
import { searchableGroups } from './groups.js';
import { probeDropRates } from './probe.js';
import type { Session } from './session.js';
import { evaluateSplit, probeSplit } from './steps.js';

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
 * iteration, the group and the repeat, so a resumed run draws the same masks. A trainer that can run many probes
 * in one pass (reusing the activations upstream of each drop point) gets them all at once; the values are the same.
 */
export async function measureFur(session: Session, t: number, widths: WidthMap): Promise<FurMeasurement> {
  const { settings, analysis } = session;
  const repeats = Math.max(1, settings.probeRepeats);
  const groups = searchableGroups(analysis);
  session.at({ stage: 'fur', passesDone: 0 });
  const dropRates = probeDropRates(analysis, widths, settings, session.cost);
  const probes: ProbePass[] = [{ dropRates: {}, seed: deriveSeed(settings.seed, 'heldout', t), where: `iteration ${t}, held-out baseline` }];
  for (const g of groups) {
    const rates = Object.fromEntries(g.members.map((m) => [m, dropRates[g.id]!]));
    for (let r = 0; r < repeats; r++) {
      probes.push({ dropRates: rates, seed: deriveSeed(settings.seed, 'probe', t, g.id, r), where: `iteration ${t}, probe of '${g.id}', pass ${r + 1}` });
    }
  }
  const metrics = session.input.trainer.probe ? await probeAtOnce(session, t, probes) : await probeOneByOne(session, t, probes);
  const baseline = metrics[0]!;
  const fur: Record<string, number> = {};
  groups.forEach((g, i) => {
    const passes = metrics.slice(1 + i * repeats, 1 + (i + 1) * repeats);
    fur[g.id] = passes.reduce((sum, m) => sum + (m.loss - baseline.loss), 0) / repeats;
  });
  return { baseline, fur, dropRates };
}

type ProbePass = ProbeSpec & { readonly where: string };

async function probeOneByOne(session: Session, t: number, probes: readonly ProbePass[]): Promise<SplitMetrics[]> {
  const out: SplitMetrics[] = [];
  for (const { where, ...options } of probes) {
    out.push(await evaluateSplit(session, 'heldout', options, where));
    passDone(session, t, out.length, probes.length, out.at(-1)!);
  }
  return out;
}

/** Progress comes per held-out batch: every probe advances together, so passes done are a fraction of all. */
async function probeAtOnce(session: Session, t: number, probes: readonly ProbePass[]): Promise<SplitMetrics[]> {
  let reported = 0;
  const metrics = await probeSplit(session, 'heldout', probes, (batch, batches, first) => {
    const done = Math.floor((probes.length * batch) / batches);
    if (done > reported) {
      reported = done;
      passDone(session, t, done, probes.length, first);
    }
  });
  return metrics;
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
