/** A run's cost model, from its settings and its folder. */
import type { ModelAnalysis } from '../../model/analyze.js';
import type { SearchSettings } from '../../protocol/settings.js';
import { latencyCostModel } from '../latency/model.js';
import { readRunTable, RUN_TABLE_FILE } from '../latency/runTable.js';
import type { CostModel } from './costModel.js';
import { macsCostModel } from './macsCost.js';

/** MACs, or under `budget: latency` the latency table the run keeps in its folder (throws when it is missing). */
export function runCostModel(analysis: ModelAnalysis, settings: Pick<SearchSettings, 'budget' | 'minWidth'>, runDir: string): CostModel {
  if (settings.budget !== 'latency') {
    return macsCostModel(analysis);
  }
  return latencyCostModel(analysis, readRunTable(runDir), settings.minWidth, `${runDir}/${RUN_TABLE_FILE}`);
}
