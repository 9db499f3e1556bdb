/**
 * The final phase: the original and the adjusted widths — and under a MAC budget the uniformly scaled ones, the
 * baseline at that budget — each trained from scratch on the whole training set with the same recipe and seed, then
 * tested. Each result is saved as soon as it exists, so a resumed run trains only what is missing.
 */
import { totalMacs, totalParams } from '../../model/summary.js';
import type { ProgressEvent, WidthMap } from '../../protocol/types.js';
import type { FinalNetwork, FinalRecord } from '../runs/store.js';
import { deriveSeed } from '../random.js';
import type { Session } from './session.js';
import { buildNetwork, evaluateSplit, trainMetrics, trainNetwork } from './steps.js';

export interface FinalResults {
  readonly original: FinalRecord;
  /** Present under a MAC budget. */
  readonly uniform?: FinalRecord;
  readonly adjusted: FinalRecord;
}

const PHASES: Readonly<Record<FinalNetwork, Extract<ProgressEvent['phase'], `final-${string}`>>> = {
  original: 'final-original',
  uniform: 'final-uniform',
  adjusted: 'final-adjusted',
};

/** Trains (or reads back) the original network, then the uniformly scaled one (under a budget), then the adjusted. */
export async function runFinal(session: Session, adjustedWidths: WidthMap): Promise<FinalResults> {
  const { store } = session;
  const budget = store.manifest.budget;
  const original = store.readFinal('original') ?? (await trainFinal(session, 'original', store.manifest.originalWidths, 0));
  const uniform = budget ? (store.readFinal('uniform') ?? (await trainFinal(session, 'uniform', budget.startWidths, 1))) : undefined;
  const adjusted = store.readFinal('adjusted') ?? (await trainFinal(session, 'adjusted', adjustedWidths, uniform ? 2 : 1));
  return { original, ...(uniform ? { uniform } : {}), adjusted };
}

async function trainFinal(session: Session, network: FinalNetwork, widths: WidthMap, finalsDone: number): Promise<FinalRecord> {
  const { settings, analysis } = session;
  const started = session.now();
  const where = `the final training of the ${network} network`;
  session.at({ stage: 'final', iteration: settings.iterations, epochsDone: 0, finalsDone });
  session.where = where;
  // The same seeds for every network: the comparison differs only in the widths.
  await buildNetwork(session, widths, deriveSeed(settings.seed, 'final', 'build'));
  const train = await trainNetwork(session, {
    phase: PHASES[network],
    split: 'full',
    epochs: settings.finalEpochs,
    seed: deriveSeed(settings.seed, 'final', 'train'),
    where,
  });
  const test = await evaluateSplit(session, 'test', {}, `the test of the ${network} network`);
  const record: FinalRecord = {
    network,
    result: {
      macs: totalMacs(analysis, widths),
      params: totalParams(analysis, widths),
      testAccuracy: test.accuracy,
      testLoss: test.loss,
      widths,
    },
    train: trainMetrics(train),
    seconds: (session.now() - started) / 1000,
  };
  session.store.saveFinal(record);
  session.log('info', `${network} network: test accuracy ${(test.accuracy * 100).toFixed(2)} %, test loss ${test.loss.toFixed(4)}`);
  return record;
}
