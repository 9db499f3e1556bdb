/** One search iteration: train from scratch, measure FUR, update the widths and rescale them to the budget. */
import { totalMacs, totalParams } from '../../model/summary.js';
import type { IterationRecord, WidthMap } from '../../protocol/types.js';
import { rescaleTarget, searchStart } from '../budget/plan.js';
import { formatCost } from '../cost/costModel.js';
import { deriveSeed } from '../random.js';
import { measureFur } from './fur.js';
import { groupWidthsOf, searchableGroups } from './groups.js';
import { rescaleToMacs } from './rescale.js';
import type { Session } from './session.js';
import { buildNetwork, trainMetrics, trainNetwork } from './steps.js';
import { updateWidths } from './update.js';

/**
 * Runs iteration `t` at `widths`. The network is built from scratch with seeds derived from the run seed and `t`
 * alone, so the result depends only on the widths: an interrupted run resumed at `t` reaches what an
 * uninterrupted one would.
 */
export async function runIteration(session: Session, t: number, widths: WidthMap): Promise<IterationRecord> {
  const { analysis, settings } = session;
  const started = session.now();
  session.at({ stage: 'search-train', iteration: t, epochsDone: 0, passesDone: 0, finalsDone: 0 });
  session.where = `iteration ${t}`;
  await buildNetwork(session, widths, deriveSeed(settings.seed, 'build', t));
  const train = await trainNetwork(session, {
    phase: 'search-train',
    iteration: t,
    split: 'search',
    epochs: settings.epochsPerIteration,
    seed: deriveSeed(settings.seed, 'train', t),
    where: `iteration ${t}`,
  });
  const { baseline, fur, dropRates } = await measureFur(session, t, widths);
  const groups = searchableGroups(analysis);
  // c⁰ and the budget: the original network's, or under a target the uniformly scaled start and the target.
  const { manifest } = session.store;
  const start = searchStart(manifest);
  const update = updateWidths(fur, groupWidthsOf(analysis, widths), groupWidthsOf(analysis, start.widths), settings, {
    iteration: t,
    order: groups.map((g) => g.id),
    divisors: Object.fromEntries(groups.map((g) => [g.id, g.divisor])),
  });
  const cost = session.cost;
  const target = rescaleTarget(manifest, cost);
  const rescaled = rescaleToMacs(analysis, update.widths, target, settings, cost);
  if (!rescaled.withinTolerance) {
    const percent = (settings.macsTolerance * 100).toFixed(1);
    const budget = manifest.budget ? 'the budget' : cost.kind === 'macs' ? 'the original MACs' : "the original's predicted latency";
    session.log('warning', `iteration ${t}: the rescale reached ${rescaled.ratio.toFixed(4)}× ${budget}, not within ${percent} %; widths are too coarse (divisors, minimum width) to land closer`);
  }
  if (cost.kind !== 'macs') {
    // The record keeps MACs (its fields say so); the cost the search actually held goes to the log.
    session.log('info', `iteration ${t}: predicted latency ${formatCost(cost.unit, cost.total(widths))} → ${formatCost(cost.unit, rescaled.cost)} after the update and rescale (target ${formatCost(cost.unit, target)})`);
  }
  return {
    iteration: t,
    widths,
    macs: totalMacs(analysis, widths),
    params: totalParams(analysis, widths),
    fur,
    dropRates,
    nextWidths: rescaled.variableWidths,
    nextMacs: rescaled.macs,
    grown: update.grown,
    shrunk: update.shrunk,
    train: trainMetrics(train),
    val: { loss: baseline.loss, accuracy: baseline.accuracy, images: baseline.images },
    seconds: (session.now() - started) / 1000,
  };
}
