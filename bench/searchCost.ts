/**
 * What a whole search costs compared with one final retrain, from measured throughputs and the method's default
 * schedule (CIFAR: 45k search / 5k held-out images, T iterations × E epochs, 1 + L·repeats probe passes over the
 * held-out split per iteration, final retrain of F epochs on 50k images). The paper claims about 1×.
 */
import type { SearchSettings } from '../src/protocol/settings.js';

export interface SearchCost {
  readonly searchSeconds: number;
  readonly trainSeconds: number;
  readonly probeSeconds: number;
  readonly finalRetrainSeconds: number;
  /** Whole search (training + probes) over one final retrain of the adjusted network. */
  readonly ratio: number;
}

export function searchCost(settings: SearchSettings, searchableLayers: number, trainPerSecond: number, probePerSecond: number, trainSet = 50_000): SearchCost {
  const heldOut = Math.round(trainSet * settings.heldOutFraction);
  const trainSeconds = (settings.iterations * settings.epochsPerIteration * (trainSet - heldOut)) / trainPerSecond;
  const probePasses = settings.iterations * (1 + searchableLayers * settings.probeRepeats);
  const probeSeconds = (probePasses * heldOut) / probePerSecond;
  const finalRetrainSeconds = (settings.finalEpochs * trainSet) / trainPerSecond;
  const searchSeconds = trainSeconds + probeSeconds;
  return { searchSeconds, trainSeconds, probeSeconds, finalRetrainSeconds, ratio: searchSeconds / finalRetrainSeconds };
}
