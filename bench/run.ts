/**
 * `npm run bench`: one run, one machine, ratios printed.
 * - TensorFlow.js backends (tfjs-node-gpu / tfjs-node when installed, wasm, pure-JS cpu): training and FUR-probe
 *   throughput of ResNet-20 at CIFAR shape through the engine's Trainer.
 * - The PyTorch engine (bench/torchThroughput.ts): training throughput against a plain PyTorch loop of the same
 *   network, probe throughput, and the FUR phase with and without probe reuse (ratios, and whether the values agree).
 * - The search's cost as a multiple of one final retrain (default schedule), on the fastest backend and on PyTorch.
 * - The language server's re-analysis latency per keystroke on ResNet-110.
 * - The latency budget's table (bench/latencyBench.ts): build time from an empty and a full cache, predicted against
 *   measured latency, and how far MACs and latency disagree, on tfjs wasm and on PyTorch.
 * - The pruning baselines' scoring cost (bench/pruneBench.ts): feature maps, L1, CHIP and HRel, against one epoch.
 * Results: out/bench/results.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadModel } from '../src/model/load.js';
import { DEFAULT_SEARCH_SETTINGS } from '../src/protocol/settings.js';
import { measureLatencyTables, printLatencyTables } from './latencySection.js';
import { measurePruneScoring, printPruneScoring } from './pruneSection.js';
import { childJson } from './childJson.js';
import { searchCost } from './searchCost.js';

interface BackendResult {
  readonly backend: string;
  readonly reason?: string;
  readonly trainPerSecond?: number;
  readonly probePerSecond?: number;
  readonly error?: string;
}

/** Work per backend: the pure-JS backend is ~100× slower, so it gets fewer images (rates stay comparable). */
const WORK: Record<string, [train: number, heldOut: number, batch: number]> = {
  'node-gpu': [2048, 1024, 64],
  node: [512, 512, 32],
  wasm: [512, 512, 32],
  cpu: [16, 32, 8],
};

function measure(backend: string): BackendResult {
  const [train, heldOut, batch] = WORK[backend]!;
  const parsed = childJson<BackendResult>('backendThroughput.js', [backend, String(train), String(heldOut), String(batch)], 900_000);
  return parsed.error ? { backend, error: parsed.error } : parsed;
}

interface TorchResult {
  readonly reason?: string;
  readonly batch?: number;
  readonly threads?: number;
  readonly heldOutImages?: number;
  readonly engineTrainPerSecond?: number;
  readonly plainTrainPerSecond?: number;
  readonly probePerSecond?: number;
  readonly furPasses?: number;
  readonly furSecondsWithoutReuse?: number;
  readonly furSecondsWithReuse?: number;
  readonly furIdentical?: boolean;
  readonly error?: string;
}

function measureTorch(): TorchResult {
  return childJson<TorchResult>('torchThroughput.js', ['1024', '256', '128', '3'], 1_800_000);
}

function printTorch(t: TorchResult): void {
  console.log('\nPyTorch engine — ResNet-20, 32×32×3, through the engine trainer');
  if (t.error) {
    console.log(`  unavailable: ${t.error}`);
    return;
  }
  const train = t.engineTrainPerSecond! / t.plainTrainPerSecond!;
  const fur = t.furSecondsWithoutReuse! / t.furSecondsWithReuse!;
  console.log(`  ${t.reason}`);
  console.log(`  training   engine ${fmt(t.engineTrainPerSecond)} img/s vs plain PyTorch loop ${fmt(t.plainTrainPerSecond)} img/s (batch ${t.batch}, ${t.threads} threads, best of 3 alternating rounds): ${train.toFixed(2)}× (target ≥ 0.9×)`);
  console.log(`  probes     ${fmt(t.probePerSecond)} img/s (one held-out pass with a channel drop)`);
  console.log(`  FUR phase  ${t.furPasses} passes over ${t.heldOutImages} held-out images: ${t.furSecondsWithoutReuse!.toFixed(1)} s without reuse, ${t.furSecondsWithReuse!.toFixed(1)} s with (best of 3 alternating rounds): ${fur.toFixed(2)}× faster (target ≥ 1.8×); values identical: ${t.furIdentical ? 'yes' : 'NO'}`);
}

function serverLatency(): string[] {
  const run = spawnSync(process.execPath, [path.join(__dirname, 'server-latency.js')], { encoding: 'utf8', timeout: 600_000 });
  return run.stdout.split('\n').filter((l) => /p95|p50/.test(l));
}

const fmt = (n: number | undefined, digits = 1) => (n === undefined ? '—' : n.toFixed(digits));

function main(): void {
  const results: BackendResult[] = [];
  for (const backend of ['node-gpu', 'node', 'wasm', 'cpu']) {
    process.stderr.write(`measuring tfjs backend ${backend}…\n`);
    results.push(measure(backend));
  }
  const usable = results.filter((r) => r.trainPerSecond !== undefined);
  const cpu = usable.find((r) => r.backend === 'cpu');
  const fastest = [...usable].sort((a, b) => b.trainPerSecond! - a.trainPerSecond!)[0];
  const model = path.resolve(__dirname, '..', '..', 'examples', 'resnet20-cifar100.netadj.yaml');
  const analysis = loadModel(model, readFileSync(model, 'utf8')).analysis!;
  const layers = analysis.groups.filter((g) => g.searchable).length;
  const cost = fastest ? searchCost(DEFAULT_SEARCH_SETTINGS, layers, fastest.trainPerSecond!, fastest.probePerSecond!) : undefined;

  console.log('\nTensorFlow.js backends — ResNet-20, 32×32×3, through the engine trainer');
  console.log('backend   train img/s  probe img/s  train vs cpu  probe vs cpu');
  for (const r of results) {
    if (r.error) {
      console.log(`${r.backend.padEnd(9)} unavailable: ${r.error}`);
      continue;
    }
    const vsCpu = (x: number | undefined, base: number | undefined) => (x && base ? `${(x / base).toFixed(1)}×` : '—');
    console.log(`${r.backend.padEnd(9)} ${fmt(r.trainPerSecond).padStart(11)}  ${fmt(r.probePerSecond).padStart(11)}  ${vsCpu(r.trainPerSecond, cpu?.trainPerSecond).padStart(12)}  ${vsCpu(r.probePerSecond, cpu?.probePerSecond).padStart(12)}`);
  }
  if (cost && fastest) {
    const h = (s: number) => `${(s / 3600).toFixed(1)} h`;
    console.log(`\nSearch cost (default CIFAR schedule: ${DEFAULT_SEARCH_SETTINGS.iterations} iterations × ${DEFAULT_SEARCH_SETTINGS.epochsPerIteration} epochs, ${layers} searchable layers × ${DEFAULT_SEARCH_SETTINGS.probeRepeats} probes; final retrain ${DEFAULT_SEARCH_SETTINGS.finalEpochs} epochs) on ${fastest.backend}:`);
    console.log(`  search ${h(cost.searchSeconds)} (training ${h(cost.trainSeconds)}, probes ${h(cost.probeSeconds)}) vs final retrain ${h(cost.finalRetrainSeconds)}: ratio ${cost.ratio.toFixed(2)}× (paper: ≈ 1×)`);
  }
  process.stderr.write('measuring the PyTorch engine…\n');
  const torch = measureTorch();
  printTorch(torch);
  const torchCost = torch.engineTrainPerSecond && torch.probePerSecond && torch.furSecondsWithReuse && torch.furSecondsWithoutReuse
    ? searchCost(DEFAULT_SEARCH_SETTINGS, layers, torch.engineTrainPerSecond, (torch.probePerSecond * torch.furSecondsWithoutReuse) / torch.furSecondsWithReuse)
    : undefined;
  if (torchCost) {
    const h = (s: number) => `${(s / 3600).toFixed(1)} h`;
    console.log(`  search cost (default CIFAR schedule, probes with reuse): search ${h(torchCost.searchSeconds)} (training ${h(torchCost.trainSeconds)}, probes ${h(torchCost.probeSeconds)}) vs final retrain ${h(torchCost.finalRetrainSeconds)}: ratio ${torchCost.ratio.toFixed(2)}× (paper: ≈ 1×)`);
  }
  const latency = serverLatency();
  console.log('\nLanguage server, ResNet-110, re-analysis per keystroke:');
  latency.forEach((l) => console.log(`  ${l.trim()}`));
  const latencyTables = measureLatencyTables();
  printLatencyTables(latencyTables);
  const pruneScoring = measurePruneScoring();
  printPruneScoring(pruneScoring);

  const outDir = path.resolve(__dirname, '..', 'bench');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'results.json'), `${JSON.stringify({ date: new Date().toISOString(), backends: results, searchCost: cost, torch, torchSearchCost: torchCost, serverLatency: latency, latencyTables, pruneScoring }, null, 2)}\n`);
  console.log(`\nresults: ${path.join(outDir, 'results.json')}`);
}

main();
