/** The networks of a report, in the order the final phase trains them, with the names people read. */
import { NETWORK_NAMES } from '../../protocol/phases.js';
import { FINAL_NETWORKS, type FinalNetwork, type NetworkResult, type RunReport } from '../../protocol/types.js';

/** Each row: the network's name (src/protocol/phases.ts) and its result, in the order the final phase trains them. */
export function resultRows(report: RunReport): [string, NetworkResult][] {
  const results: Readonly<Record<FinalNetwork, NetworkResult | undefined>> = {
    original: report.original,
    uniform: report.uniform,
    adjusted: report.adjusted,
    'adjusted-distilled': report.distilled,
    l1: report.pruned?.l1,
    chip: report.pruned?.chip,
    hrel: report.pruned?.hrel,
  };
  return FINAL_NETWORKS.flatMap((n) => {
    const r = results[n];
    return r ? [[NETWORK_NAMES[n], r] as [string, NetworkResult]] : [];
  });
}
