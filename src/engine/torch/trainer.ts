/**
 * The PyTorch engine's {@link Trainer}: the same contract as the tfjs trainer, computed by a Python worker process.
 * Only settings, metrics and file paths cross the process boundary: the worker reads the dataset files itself, and
 * builds the network from the model graph's layers with their channel counts resolved here by the analyzer.
 */
import path from 'node:path';
import { analyzeGraph, type ModelAnalysis } from '../../model/analyze.js';
import { dropPoints } from '../../model/dropPoints.js';
import type { ModelGraph } from '../../model/graph.js';
import type { SearchSettings } from '../../protocol/settings.js';
import type { DatasetRef, EngineInfo, SplitMetrics, WidthMap } from '../../protocol/types.js';
import { checkDropRateNames, checkFits, checkNotEmpty } from '../fits.js';
import type {
  BatchProgress,
  DatasetInfo,
  DistillOptions,
  EvalOptions,
  EvalSplit,
  FeatureMapRequest,
  LatencyMeasurement,
  LayerTimingCase,
  ProbeOptions,
  ProbeSpec,
  TimingOptions,
  Trainer,
  TrainOptions,
  TrainResult,
} from '../trainer.js';
import { findTorchPython, type TorchPython } from './python.js';
import { TorchWorker } from './worker.js';
import { timingCase, timingParams, workerPlan } from './workerPlan.js';

export interface TorchTrainerOptions {
  /** A Python already checked by findTorchPython; else one is searched for (`pythonPath` first). */
  readonly python?: TorchPython;
  readonly pythonPath?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** `auto` (CUDA, then MPS, then CPU), `cuda`, `mps` or `cpu`; default `NETADJUST_TORCH_DEVICE`, else auto. */
  readonly device?: string;
  /** float16 autocast on CUDA; default `NETADJUST_TORCH_AMP=1`. Ignored elsewhere. */
  readonly mixedPrecision?: boolean;
  /** Channels-last memory; default `NETADJUST_TORCH_CHANNELS_LAST` (0/1), else on for CPU and CUDA. */
  readonly channelsLast?: boolean;
  /** CPU threads; default `NETADJUST_TORCH_THREADS`, else every core this process may use. */
  readonly threads?: number;
  /** Why this engine was chosen (engine selection), prefixed to the engine's own description. */
  readonly reason?: string;
  /** The worker's stderr lines; default this process's stderr. */
  readonly onLog?: (line: string) => void;
}

interface Described {
  readonly device: string;
  readonly deviceName: string;
  readonly threads: number;
  readonly mixedPrecision: boolean;
  readonly channelsLast: boolean;
  readonly torch: string;
  readonly python: string;
  readonly why: string;
}

interface Opened extends DatasetInfo {
  readonly description: string;
}

/** Starts a worker on a Python with torch (found here unless given) and answers once it is ready. */
export async function createTorchTrainer(graph: ModelGraph, options: TorchTrainerOptions = {}): Promise<Trainer> {
  const env = options.env ?? process.env;
  let python = options.python;
  if (!python) {
    const search = await findTorchPython({ ...(options.pythonPath ? { pythonPath: options.pythonPath } : {}), env });
    if (!search.ok) {
      throw new Error(`the PyTorch engine cannot start: ${search.message}`);
    }
    python = search.found;
  }
  const worker = new TorchWorker({ python: python.command, env, ...(options.onLog ? { onLog: options.onLog } : {}) });
  try {
    const d = await worker.request<Described>('hello', runtimeOptions(options, env));
    const flags = [`${d.threads} thread${d.threads === 1 ? '' : 's'}`, ...(d.mixedPrecision ? ['mixed precision'] : []), ...(d.channelsLast ? ['channels-last'] : [])];
    const own = `PyTorch ${d.torch} on ${d.device === 'cpu' ? 'the CPU' : `${d.device} (${d.deviceName})`} (${d.why}; ${flags.join(', ')}) in ${python.executable} (Python ${d.python}, ${python.source})`;
    const info: EngineInfo = { engine: 'torch', backend: d.device, version: d.torch, reason: options.reason ? `${options.reason}; ${own}` : own };
    return new TorchTrainer(graph, info, worker);
  } catch (e) {
    await worker.dispose();
    throw e;
  }
}

function runtimeOptions(options: TorchTrainerOptions, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const flag = (name: string) => (env[name] === undefined ? undefined : /^(1|true|yes|on)$/i.test(env[name]!.trim()));
  const threads = options.threads ?? (env['NETADJUST_TORCH_THREADS'] ? Number(env['NETADJUST_TORCH_THREADS']) : undefined);
  return {
    device: options.device ?? env['NETADJUST_TORCH_DEVICE'] ?? 'auto',
    mixedPrecision: options.mixedPrecision ?? flag('NETADJUST_TORCH_AMP') ?? false,
    channelsLast: options.channelsLast ?? flag('NETADJUST_TORCH_CHANNELS_LAST') ?? null,
    threads: threads !== undefined && Number.isInteger(threads) && threads > 0 ? threads : null,
  };
}

class TorchTrainer implements Trainer {
  readonly info: EngineInfo;
  private readonly analysis: ModelAnalysis;
  private readonly worker: TorchWorker;
  private readonly variables: ReadonlySet<string>;
  private data: Opened | undefined;
  private params: number | undefined;

  constructor(graph: ModelGraph, info: EngineInfo, worker: TorchWorker) {
    this.info = info;
    this.analysis = analyzeGraph(graph);
    this.worker = worker;
    this.variables = new Set(Object.keys(dropPoints(this.analysis)));
  }

  async open(ref: DatasetRef, settings: SearchSettings): Promise<DatasetInfo> {
    const description = `${path.basename(path.resolve(ref.path))} (${ref.format})`;
    this.data = undefined;
    const opened = await this.worker.request<DatasetInfo>('open', { dataset: { format: ref.format, path: path.resolve(ref.path) }, settings });
    checkFits(this.analysis, description, opened.imageShape, opened.classes);
    if (opened.trainImages === 0) {
      throw new Error(`the dataset ${description} has no training images left after holding out ${settings.heldOutFraction * 100}% for FUR probes`);
    }
    const info: DatasetInfo = {
      imageShape: opened.imageShape,
      classes: opened.classes,
      trainImages: opened.trainImages,
      heldOutImages: opened.heldOutImages,
      testImages: opened.testImages,
    };
    this.data = { ...info, description };
    return info;
  }

  async build(widths: WidthMap, seed: number): Promise<void> {
    this.params = undefined;
    const built = await this.worker.request<{ params: number }>('build', { plan: workerPlan(this.analysis, widths), seed });
    this.params = built.params;
  }

  async train(options: TrainOptions): Promise<TrainResult> {
    this.ready('train');
    const { split, epochs, settings, dropLayers, seed } = options;
    const onProgress = options.onProgress ? (p: Record<string, unknown>) => options.onProgress!(batchProgress(p)) : undefined;
    const distill = options.distill ? { distill: this.distillParams(options.distill) } : {};
    return this.worker.request<TrainResult>('train', { split, epochs, settings, dropLayers, seed, ...distill }, { ...signalOf(options.signal), ...(onProgress ? { onProgress } : {}) });
  }

  async evaluate(split: EvalSplit, options: EvalOptions = {}): Promise<SplitMetrics> {
    const data = this.ready('evaluate');
    checkNotEmpty(split, split === 'heldout' ? data.heldOutImages : data.testImages, data.description);
    checkDropRateNames(this.variables, options.dropRates);
    return this.worker.request<SplitMetrics>('evaluate', { split, dropRates: options.dropRates ?? {}, seed: options.seed ?? 0 }, signalOf(options.signal));
  }

  async probe(split: EvalSplit, probes: readonly ProbeSpec[], options: ProbeOptions = {}): Promise<SplitMetrics[]> {
    const data = this.ready('probe');
    checkNotEmpty(split, split === 'heldout' ? data.heldOutImages : data.testImages, data.description);
    probes.forEach((p) => checkDropRateNames(this.variables, p.dropRates));
    const onProgress = options.onProgress;
    const forward = onProgress ? (p: Record<string, unknown>) => onProgress(Number(p['batch']), Number(p['batches']), p['first'] as SplitMetrics) : undefined;
    return this.worker.request<SplitMetrics[]>('probe', { split, probes, reuse: true }, { ...signalOf(options.signal), ...(forward ? { onProgress: forward } : {}) });
  }

  countParams(): number {
    if (this.params === undefined) {
      throw new Error('no network: call build() first');
    }
    return this.params;
  }

  async countMacs(): Promise<number> {
    this.countParams();
    return (await this.worker.request<{ macs: number }>('macs', { input: this.analysis.graph.input })).macs;
  }

  async saveWeights(file: string): Promise<void> {
    this.built('save weights');
    await this.worker.request('saveWeights', { path: path.resolve(file) });
  }

  async loadWeights(file: string): Promise<void> {
    this.built('load weights');
    await this.worker.request('loadWeights', { path: path.resolve(file) });
  }

  async featureMaps(request: FeatureMapRequest): Promise<void> {
    this.ready('save feature maps');
    const unknown = request.layers.filter((l) => !this.variables.has(l));
    if (unknown.length > 0) {
      throw new Error(`feature maps asked for ${unknown.map((n) => `'${n}'`).join(', ')}, which ${unknown.length === 1 ? 'is not a width variable' : 'are not width variables'} of the model`);
    }
    if (!Number.isInteger(request.images) || request.images < 1) {
      throw new Error(`feature maps need a whole number of images ≥ 1, got ${request.images}`);
    }
    const params = { layers: [...new Set(request.layers)], images: request.images, path: path.resolve(request.path) };
    await this.worker.request('featureMaps', params, signalOf(request.signal));
  }

  async timeLayers(cases: readonly LayerTimingCase[], options: TimingOptions): Promise<number[]> {
    const params = { cases: cases.map(timingCase), options: timingParams(options) };
    return (await this.worker.request<{ ms: number[] }>('timeLayers', params, signalOf(options.signal))).ms;
  }

  async measureLatency(options: TimingOptions): Promise<LatencyMeasurement> {
    this.built('measure latency');
    const params = { input: this.analysis.graph.input, options: timingParams(options) };
    return this.worker.request<LatencyMeasurement>('measureLatency', params, signalOf(options.signal));
  }

  async dispose(): Promise<void> {
    this.data = undefined;
    this.params = undefined;
    await this.worker.dispose();
  }

  private ready(what: string): Opened {
    if (!this.data) {
      throw new Error(`cannot ${what}: no dataset open (call open() first)`);
    }
    this.built(what);
    return this.data;
  }

  private built(what: string): void {
    if (this.params === undefined) {
      throw new Error(`cannot ${what}: no network built (call build() first)`);
    }
  }

  /** The teacher travels as its plan (the worker builds it) and the path of its weights. */
  private distillParams(d: DistillOptions): Record<string, unknown> {
    if (!(d.weight >= 0 && d.weight <= 1)) {
      throw new Error(`the distillation weight α must be in [0, 1], got ${d.weight}`);
    }
    if (!(d.temperature > 0) || !Number.isFinite(d.temperature)) {
      throw new Error(`the distillation temperature must be a positive number, got ${d.temperature}`);
    }
    return { plan: workerPlan(this.analysis, d.teacherWidths), weights: path.resolve(d.teacherWeights), weight: d.weight, temperature: d.temperature };
  }
}

function signalOf(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal ? { signal } : {};
}

function batchProgress(p: Record<string, unknown>): BatchProgress {
  const n = (k: string) => Number(p[k]);
  return {
    epoch: n('epoch'),
    epochs: n('epochs'),
    batch: n('batch'),
    batches: n('batches'),
    loss: n('loss'),
    accuracy: n('accuracy'),
    learningRate: n('learningRate'),
    imagesPerSecond: n('imagesPerSecond'),
    epochEnd: p['epochEnd'] === true,
  };
}
