/** FUR probe rates: per-group channel-drop rates that remove the same expected cost (MACs or latency) from every group. */
import type { ModelAnalysis } from '../../model/analyze.js';
import type { Widths } from '../../model/channels.js';
import type { SearchSettings } from '../../protocol/settings.js';
import { groupCostGradient, type CostModel } from '../cost/costModel.js';
import { macsCostModel } from '../cost/macsCost.js';
import { searchableGroups } from './groups.js';

/**
 * `B_g = c_g · ∂C/∂c_g` for every searchable group: the cost C attributable to the group to first order (MACs by
 * default; milliseconds under a latency model). A coupled group's derivative is the sum over its members, so B_g
 * counts every member.
 */
export function flopsShares(analysis: ModelAnalysis, widths: Widths, cost: CostModel = macsCostModel(analysis)): Record<string, number> {
  const gradient = groupCostGradient(analysis, cost, widths);
  return Object.fromEntries(searchableGroups(analysis).map((g) => [g.id, (widths[g.members[0]!] ?? g.value) * (gradient[g.id] ?? 0)]));
}

/**
 * Probe rate per searchable group: `p_g = p₀ · mean(B) / B_g`, so every probe removes `p₀ · mean(B)` expected cost
 * and the ranking of loss increases is the ranking of loss per unit of cost. Clipped to `maxProbeDropRate`: the
 * reference does not clip, and a narrow, cheap layer could get p ≥ 1, which breaks the 1/(1−p) rescaling of kept
 * channels. A group that costs nothing to first order (B_g = 0) gets the clip.
 */
export function probeDropRates(
  analysis: ModelAnalysis,
  widths: Widths,
  settings: Pick<SearchSettings, 'probeDropRate' | 'maxProbeDropRate'>,
  cost: CostModel = macsCostModel(analysis),
): Record<string, number> {
  const shares = flopsShares(analysis, widths, cost);
  const values = Object.values(shares);
  const mean = values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : 0;
  return Object.fromEntries(
    Object.entries(shares).map(([id, b]) => {
      const rate = b > 0 ? (settings.probeDropRate * mean) / b : Infinity;
      return [id, Math.min(rate, settings.maxProbeDropRate)];
    }),
  );
}
