/** The networks of a report, in the order the final phase trains them, with the names people read. */
import { NETWORK_NAMES, networkResults } from '../../protocol/phases.js';
import { FINAL_NETWORKS, type NetworkResult, type RunReport } from '../../protocol/types.js';

/** Each row: the network's name (src/protocol/phases.ts) and its result, in the order the final phase trains them. */
export function resultRows(report: RunReport): [string, NetworkResult][] {
  const results = networkResults(report);
  return FINAL_NETWORKS.flatMap((n) => {
    const r = results[n];
    return r ? [[NETWORK_NAMES[n], r] as [string, NetworkResult]] : [];
  });
}
