/**
 * Building a model's latency table: every grid point of every timed layer (src/engine/latency/grid.ts), taken from
 * the workspace cache where it is there and timed with the trainer's `timeLayers` where it is not.
 */
import type { ModelAnalysis } from '../../model/analyze.js';
import type { SearchSettings } from '../../protocol/settings.js';
import type { LayerTimingCase, Trainer } from '../trainer.js';
import { addToCache, cacheFile, readCache, type Warn } from './cache.js';
import { gridOutChannels, layerGrids, type LayerGrid } from './grid.js';
import { layerSignature, timedLayers, timingInputShape } from './layers.js';
import { machineKey, tableFile, type LatencyTableFile, type MachineKey, type TimingProtocol } from './tableFile.js';

/**
 * Three untimed passes absorb the one-off costs of a new shape (cuDNN's algorithm search, WebGL shader compiles,
 * oneDNN primitive creation, first allocations); ten timed passes give a median that a few scheduler hiccups do not
 * move, at a cost of 13 passes per grid point, which keeps a ResNet-20 table to a few hundred milliseconds of
 * layer time on a GPU and tens of seconds on two CPU cores.
 */
export const TIMING: TimingProtocol = { warmup: 3, repeats: 10 };

/** Grid points per `timeLayers` call: small enough that progress and cancellation come every few seconds. */
const CASES_PER_CALL = 16;

export class LatencyTableError extends Error {}

export interface TableBuildOptions {
  readonly workspace: string;
  readonly settings: Pick<SearchSettings, 'latencyBatchSize' | 'minWidth'>;
  readonly signal?: AbortSignal;
  /** After each batch of timings: grid points timed so far, of those missing from the cache. */
  readonly onProgress?: (timed: number, missing: number) => void;
  readonly warn?: Warn;
  /** The engine-and-machine key; default `machineKey(trainer.info, batch size)`. */
  readonly machine?: MachineKey;
}

export interface TableBuild {
  /** The entries this model uses, nothing more: what the run keeps as `latency-table.json`. */
  readonly table: LatencyTableFile;
  readonly cacheFile: string;
  /** Grid points found in the cache, and timed now. */
  readonly cached: number;
  readonly timed: number;
}

/** One grid point to time, under its signature. */
interface GridCase {
  readonly signature: string;
  readonly timing: LayerTimingCase;
}

/**
 * The model's latency table on `trainer`'s engine. Throws a LatencyTableError when the trainer cannot time layers
 * (naming the engine) or answers something that is not a timing; an abort rejects with the trainer's AbortError.
 */
export async function buildLatencyTable(analysis: ModelAnalysis, trainer: Trainer, options: TableBuildOptions): Promise<TableBuild> {
  const timeLayers = trainer.timeLayers?.bind(trainer);
  if (!timeLayers) {
    throw new LatencyTableError(`the ${trainer.info.engine} engine (${trainer.info.backend} backend) cannot time single layers, which budget 'latency' needs; use another engine or budget 'macs'`);
  }
  const warn = options.warn ?? (() => undefined);
  const key = options.machine ?? machineKey(trainer.info, options.settings.latencyBatchSize);
  const file = cacheFile(options.workspace, key);
  const cases = gridCases(layerGrids(analysis, timedLayers(analysis), options.settings.minWidth));
  const known = readCache(file, key, warn);
  const missing = cases.filter((c) => known[c.signature] === undefined);
  for (let start = 0; start < missing.length; start += CASES_PER_CALL) {
    const chunk = missing.slice(start, start + CASES_PER_CALL);
    const ms = await timeLayers(
      chunk.map((c) => c.timing),
      { batchSize: key.batchSize, ...TIMING, ...(options.signal ? { signal: options.signal } : {}) },
    );
    const timed = checkTimings(trainer, chunk, ms);
    Object.assign(known, timed);
    // Saved after every call, so a cancelled or failed build keeps what it timed for the next run.
    addToCache(file, key, TIMING, timed, warn);
    options.onProgress?.(start + chunk.length, missing.length);
  }
  const entries = Object.fromEntries(cases.map((c) => [c.signature, known[c.signature]!]));
  return { table: tableFile(key, TIMING, entries), cacheFile: file, cached: cases.length - missing.length, timed: missing.length };
}

/** Every grid point of every layer, once per signature (equal layers share their timings), in layer order. */
function gridCases(grids: readonly LayerGrid[]): GridCase[] {
  const out = new Map<string, GridCase>();
  for (const grid of grids) {
    const outs = grid.outChannels.length > 0 ? grid.outChannels : [0];
    for (const cin of grid.inChannels) {
      for (const cout of outs) {
        const inputShape = timingInputShape(grid.layer, cin);
        const outChannels = gridOutChannels(grid, cin, cout);
        const signature = layerSignature(grid.layer.node, inputShape, outChannels);
        if (!out.has(signature)) {
          out.set(signature, { signature, timing: { node: grid.layer.node, inputShape, outChannels } });
        }
      }
    }
  }
  return [...out.values()];
}

function checkTimings(trainer: Trainer, chunk: readonly GridCase[], ms: readonly number[]): Record<string, number> {
  const engine = `the ${trainer.info.engine} engine (${trainer.info.backend})`;
  if (!Array.isArray(ms) || ms.length !== chunk.length) {
    throw new Error(`${engine} answered ${Array.isArray(ms) ? ms.length : 'no'} timings for ${chunk.length} layers`);
  }
  return Object.fromEntries(
    chunk.map((c, i) => {
      const value = ms[i]!;
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new Error(`${engine} timed '${c.signature}' at ${String(value)} ms, which is not a time`);
      }
      return [c.signature, value];
    }),
  );
}
