/**
 * The PyTorch engine on ResNet-20 at CIFAR-100 shape (examples/resnet20-cifar100.netadj.yaml), in one process run:
 * - training throughput through the engine's Trainer, against a plain PyTorch loop of the same network
 *   (bench/plain_torch.py) on the same file, batch size and threads, measured alternately to share the machine's
 *   noise (the best of each is kept);
 * - probe throughput (one held-out pass with a channel drop);
 * - the FUR phase (baseline + every searchable layer × probeRepeats) with probe reuse (`Trainer.probe`) and without
 *   (one `evaluate` per pass), alternately, checking that the values are identical.
 * Prints one JSON line. Run by bench/run.ts.
 *
 *   node out/bench/torchThroughput.js <train images> <held-out images> <batch> <rounds>
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadModel } from '../src/model/load.js';
import { deriveSeed, seededRandom } from '../src/engine/random.js';
import { dropLayers, searchableGroups } from '../src/engine/search/groups.js';
import { probeDropRates } from '../src/engine/search/probe.js';
import { findTorchPython } from '../src/engine/torch/python.js';
import { createTorchTrainer } from '../src/engine/torch/trainer.js';
import type { ProbeSpec } from '../src/engine/trainer.js';
import { DEFAULT_SEARCH_SETTINGS } from '../src/protocol/settings.js';
import type { SplitMetrics } from '../src/protocol/types.js';
import { trainingThroughput } from './trainTiming.js';
import { answerOneJsonLine } from './childJson.js';

const ROOT = path.resolve(__dirname, '..', '..');
const MODEL = path.join(ROOT, 'examples', 'resnet20-cifar100.netadj.yaml');

/** Random CIFAR-100 binary records (coarse label, fine label, 3072 pixel bytes): the engine reads real files. */
function writeCifar100(dir: string, train: number, test: number): void {
  const random = seededRandom(7);
  const records = (n: number) => {
    const out = Buffer.alloc(n * 3074);
    for (let r = 0; r < n; r++) {
      out[r * 3074] = r % 20;
      out[r * 3074 + 1] = r % 100;
      for (let p = 2; p < 3074; p++) {
        out[r * 3074 + p] = Math.floor(random() * 256);
      }
    }
    return out;
  };
  writeFileSync(path.join(dir, 'train.bin'), records(train));
  writeFileSync(path.join(dir, 'test.bin'), records(test));
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const start = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - start) / 1000 };
}

async function main(): Promise<object> {
  const [trainArg, heldArg, batchArg, roundsArg] = process.argv.slice(2);
  const [train, heldOut, batch, rounds] = [Number(trainArg), Number(heldArg), Number(batchArg), Number(roundsArg ?? 3)];
  const search = await findTorchPython();
  if (!search.ok) {
    throw new Error(search.message);
  }
  const python = search.found;
  const threads = os.availableParallelism();
  const analysis = loadModel(MODEL, readFileSync(MODEL, 'utf8')).analysis!;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'netadjust-bench-'));
  const trainer = await createTorchTrainer(analysis.graph, { python, threads });
  try {
    // Whole batches only, so every timed batch is a full one in both loops.
    writeCifar100(dir, train + batch + heldOut, 8);
    const settings = { ...DEFAULT_SEARCH_SETTINGS, batchSize: batch, heldOutFraction: heldOut / (train + batch + heldOut) };
    await trainer.open({ format: 'cifar100', path: dir }, settings);
    const layers = dropLayers(analysis);
    const engine: number[] = [];
    const plain: number[] = [];
    for (let r = 0; r < rounds; r++) {
      engine.push(await trainingThroughput(trainer, layers, settings, analysis.widths));
      const out = execFileSync(python.command, [path.join(ROOT, 'bench', 'plain_torch.py'), path.join(dir, 'train.bin'), String(train + batch), String(batch), String(threads)], { encoding: 'utf8' });
      plain.push((JSON.parse(out.trim().split('\n').at(-1)!) as { trainPerSecond: number }).trainPerSecond);
    }
    const probeLayer = searchableGroups(analysis)[0]!.id;
    const probeTimes = [];
    for (let r = 0; r < 2; r++) {
      probeTimes.push((await timed(() => trainer.evaluate('heldout', { dropRates: { [probeLayer]: 0.05 }, seed: r }))).seconds);
    }
    // The FUR phase of iteration 0, as measureFur asks for it.
    const rates = probeDropRates(analysis, analysis.widths, settings);
    const probes: ProbeSpec[] = [{ dropRates: {}, seed: 1 }];
    for (const g of searchableGroups(analysis)) {
      for (let r = 0; r < settings.probeRepeats; r++) {
        probes.push({ dropRates: Object.fromEntries(g.members.map((m) => [m, rates[g.id]!])), seed: deriveSeed(settings.seed, 'probe', 0, g.id, r) });
      }
    }
    // Alternating rounds, the best of each kept: other work on the machine slows one measurement, not the ratio.
    const withoutSeconds: number[] = [];
    const reuseSeconds: number[] = [];
    let identical = true;
    for (let r = 0; r < rounds; r++) {
      const without = await timed(async () => {
        const out: SplitMetrics[] = [];
        for (const p of probes) {
          out.push(await trainer.evaluate('heldout', p));
        }
        return out;
      });
      const reuse = await timed(() => trainer.probe!('heldout', probes));
      identical &&= JSON.stringify(without.value) === JSON.stringify(reuse.value);
      withoutSeconds.push(without.seconds);
      reuseSeconds.push(reuse.seconds);
    }
    return {
      reason: trainer.info.reason,
      batch,
      threads,
      trainImages: train,
      heldOutImages: heldOut,
      engineTrainPerSecond: Math.max(...engine),
      plainTrainPerSecond: Math.max(...plain),
      engineRounds: engine,
      plainRounds: plain,
      probePerSecond: heldOut / Math.min(...probeTimes),
      furPasses: probes.length,
      furSecondsWithoutReuse: Math.min(...withoutSeconds),
      furSecondsWithReuse: Math.min(...reuseSeconds),
      furRoundsWithoutReuse: withoutSeconds,
      furRoundsWithReuse: reuseSeconds,
      furIdentical: identical,
    };
  } finally {
    await trainer.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

answerOneJsonLine(main);
