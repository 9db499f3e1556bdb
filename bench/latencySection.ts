/**
 * The benchmark's latency-table section: bench/latencyBench.ts once per engine (tfjs wasm, PyTorch), each in its own
 * process, and the lines `npm run bench` prints for them.
 */
import { childJson } from './childJson.js';
import type { LatencyBenchResult, NetworkLatency } from './latencyBench.js';

export const LATENCY_ENGINES = ['wasm', 'torch'] as const;

export function measureLatencyTables(): LatencyBenchResult[] {
  return LATENCY_ENGINES.map((engine) => {
    process.stderr.write(`measuring the latency table on ${engine}…\n`);
    const result = childJson<LatencyBenchResult>('latencyBench.js', [engine], 300_000);
    return result.error ? { engine, error: result.error } : result;
  });
}

const ms = (n: number) => `${n.toFixed(2)} ms`;
const mMacs = (n: number) => `${(n / 1e6).toFixed(1)} M`;
const times = (n: number) => `${n.toFixed(2)}×`;

function network(label: string, n: NetworkLatency, note = ''): string {
  const spread = `p25–p75 ${n.p25Ms.toFixed(2)}–${n.p75Ms.toFixed(2)}`;
  return `  ${label.padEnd(13)} ${mMacs(n.macs)} MACs${note}: predicted ${ms(n.predictedMs)}, measured ${ms(n.measuredMs)} (${spread}): predicted/measured ${times(n.predictedMs / n.measuredMs)}`;
}

export function printLatencyTables(results: readonly LatencyBenchResult[]): void {
  console.log("\nLatency tables — ResNet-20, 32×32×3, batch size 1 (budget 'latency'); measured: median of 30 passes after 5 warm-up");
  for (const r of results) {
    if (r.error) {
      console.log(`${r.engine}: unavailable: ${r.error}`);
      continue;
    }
    const [original, half] = [r.original!, r.half!];
    console.log(`${r.engine}: ${r.reason}`);
    console.log(`  table build   ${r.gridPoints} grid points: ${r.coldSeconds!.toFixed(2)} s from an empty cache, ${(r.warmSeconds! * 1000).toFixed(1)} ms from the full cache (${r.warmCached} cached): ${(r.coldSeconds! / r.warmSeconds!).toFixed(0)}× faster`);
    console.log(network('original', original));
    console.log(network('0.5× MACs', half, ` (uniform scaling, m = ${half.multiplier.toFixed(3)})`));
    console.log(`  MACs vs latency: Spearman ρ of the ${r.timedLayers} timed layers' MACs against their table latencies ${r.layerRankCorrelation!.toFixed(2)}; the 0.5× MACs network: MACs ${times(half.macs / original.macs)} of the original, measured latency ${times(half.measuredMs / original.measuredMs)} (table ${times(half.predictedMs / original.predictedMs)})`);
  }
}
