/** The MACs cost model: the analyzer's cost polynomials, exactly as the search has always counted them. */
import type { ModelAnalysis } from '../../model/analyze.js';
import { macsGradient, totalMacs } from '../../model/summary.js';
import type { CostModel } from './costModel.js';

export function macsCostModel(analysis: ModelAnalysis): CostModel {
  return {
    kind: 'macs',
    unit: 'MACs',
    total: (widths) => totalMacs(analysis, widths),
    gradient: (widths) => macsGradient(analysis, widths),
  };
}
