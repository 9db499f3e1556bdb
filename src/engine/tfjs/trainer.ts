/** The TensorFlow.js engine's {@link Trainer}: dataset, network, training and evaluation behind the search's interface. */
import * as tf from '@tensorflow/tfjs';
import { analyzeGraph, type ModelAnalysis } from '../../model/analyze.js';
import type { ModelGraph } from '../../model/graph.js';
import type { SearchSettings } from '../../protocol/settings.js';
import type { DatasetRef, EngineInfo, SplitMetrics, WidthMap } from '../../protocol/types.js';
import { loadDataset, type LoadOptions } from '../data/load.js';
import { splitHeldOut } from '../data/split.js';
import type { ImageSet, LoadedDataset } from '../data/types.js';
import { checkFits, checkNotEmpty } from '../fits.js';
import { layerMacs } from '../macs.js';
import type {
  DatasetInfo,
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
import { initBackend, type TfjsBackendChoice } from './backend.js';
import { buildNetwork, type TfjsNetwork } from './buildModel.js';
import { buildTeacher } from './distill.js';
import { evaluateNetwork, probeNetwork } from './evaluateLoop.js';
import { writeFeatureMaps } from './featureMaps.js';
import { measureNetworkLatency, timeLayerCases } from './timing.js';
import { trainNetwork } from './trainLoop.js';
import { loadNetworkWeights, saveNetworkWeights } from './weightFile.js';

/** Options of {@link createTfjsTrainer}. */
export interface TfjsTrainerOptions {
  /** Backend to force (else `NETADJUST_TFJS_BACKEND`, else the fastest available). */
  readonly backend?: TfjsBackendChoice;
  /** Reads the dataset; default {@link loadDataset}. Tests pass in-memory datasets. */
  readonly loadDataset?: (ref: DatasetRef, options: LoadOptions) => Promise<LoadedDataset>;
  /** Why this engine was chosen (engine selection), prefixed to the backend's own reason. */
  readonly reason?: string;
}

interface OpenData {
  readonly dataset: LoadedDataset;
  readonly search: ImageSet;
  readonly heldout: ImageSet;
  readonly settings: SearchSettings;
}

/** A trainer for `graph` on the best (or the forced) tfjs backend, initialised before it returns. */
export async function createTfjsTrainer(graph: ModelGraph, options: TfjsTrainerOptions = {}): Promise<Trainer> {
  const backend = await initBackend(options.backend === undefined ? {} : { backend: options.backend });
  const info = options.reason ? { ...backend, reason: `${options.reason}; ${backend.reason}` } : backend;
  return new TfjsTrainer(graph, info, options.loadDataset ?? loadDataset);
}

class TfjsTrainer implements Trainer {
  readonly info: EngineInfo;
  private readonly analysis: ModelAnalysis;
  private readonly load: (ref: DatasetRef, options: LoadOptions) => Promise<LoadedDataset>;
  private data: OpenData | undefined;
  private net: TfjsNetwork | undefined;

  constructor(graph: ModelGraph, info: EngineInfo, load: (ref: DatasetRef, options: LoadOptions) => Promise<LoadedDataset>) {
    this.info = info;
    this.analysis = analyzeGraph(graph);
    this.load = load;
  }

  async open(ref: DatasetRef, settings: SearchSettings): Promise<DatasetInfo> {
    const dataset = await this.load(ref, { maxTrainImages: settings.maxTrainImages, maxTestImages: settings.maxTestImages });
    checkFits(this.analysis, dataset.description, dataset.train.shape, dataset.classes);
    const { search, heldout } = splitHeldOut(dataset.train, settings.heldOutFraction);
    if (search.count === 0) {
      throw new Error(`the dataset ${dataset.description} has no training images left after holding out ${settings.heldOutFraction * 100}% for FUR probes`);
    }
    this.data = { dataset, search, heldout, settings };
    return { imageShape: dataset.train.shape, classes: dataset.classes, trainImages: search.count, heldOutImages: heldout.count, testImages: dataset.test.count };
  }

  async build(widths: WidthMap, seed: number): Promise<void> {
    this.net?.dispose();
    this.net = undefined;
    this.net = buildNetwork(this.analysis, widths, seed);
  }

  async train(options: TrainOptions): Promise<TrainResult> {
    const { data, net } = this.ready('train');
    const set = options.split === 'full' ? data.dataset.train : data.search;
    const augment = data.dataset.flipAndCrop && options.settings.augment;
    const teacher = options.distill === undefined ? undefined : buildTeacher(this.analysis, options.distill);
    try {
      return await trainNetwork(net, { set, mean: data.dataset.mean, std: data.dataset.std, augment }, options, teacher);
    } finally {
      teacher?.net.dispose();
    }
  }

  async evaluate(split: EvalSplit, options: EvalOptions = {}): Promise<SplitMetrics> {
    const { data, net } = this.ready('evaluate');
    const set = split === 'heldout' ? data.heldout : data.dataset.test;
    checkNotEmpty(split, set.count, data.dataset.description);
    return evaluateNetwork(net, { set, mean: data.dataset.mean, std: data.dataset.std }, data.settings.batchSize, options);
  }

  async probe(split: EvalSplit, probes: readonly ProbeSpec[], options: ProbeOptions = {}): Promise<SplitMetrics[]> {
    const { data, net } = this.ready('probe');
    const set = split === 'heldout' ? data.heldout : data.dataset.test;
    checkNotEmpty(split, set.count, data.dataset.description);
    return probeNetwork(net, { set, mean: data.dataset.mean, std: data.dataset.std }, data.settings.batchSize, probes, options);
  }

  countParams(): number {
    if (!this.net) {
      throw new Error('no network: call build() first');
    }
    return this.net.countParams();
  }

  async saveWeights(path: string): Promise<void> {
    saveNetworkWeights(this.built('save weights'), path);
  }

  /** Each training makes its own optimiser, so no momentum outlives a load: nothing else to reset. */
  async loadWeights(path: string): Promise<void> {
    loadNetworkWeights(this.built('load weights'), path);
  }

  /** From the full training set in index order, normalised as in training but not augmented. */
  async featureMaps(request: FeatureMapRequest): Promise<void> {
    const { data, net } = this.ready('write feature maps');
    const images = { set: data.dataset.train, mean: data.dataset.mean, std: data.dataset.std };
    await writeFeatureMaps(net, images, data.settings.batchSize, request);
  }

  /** Needs neither a dataset nor a network: each case builds its own layer. */
  async timeLayers(cases: readonly LayerTimingCase[], options: TimingOptions): Promise<number[]> {
    return timeLayerCases(cases, options);
  }

  async measureLatency(options: TimingOptions): Promise<LatencyMeasurement> {
    return measureNetworkLatency(this.built('measure latency'), this.analysis.graph.input, options);
  }

  async countMacs(): Promise<number> {
    if (!this.net) {
      throw new Error('no network: call build() first');
    }
    const net = this.net;
    let macs = 0;
    const [h, w, c] = this.analysis.graph.input;
    tf.tidy(() => {
      net.forward(tf.zeros([1, h, w, c]), { training: false, onLayer: (node, inputs, y) => (macs += layerMacs(node, inputs[0]?.shape ?? [], y.shape)) });
    });
    return macs;
  }

  async dispose(): Promise<void> {
    this.net?.dispose();
    this.net = undefined;
    this.data = undefined;
  }

  private built(what: string): TfjsNetwork {
    if (!this.net) {
      throw new Error(`cannot ${what}: no network built (call build() first)`);
    }
    return this.net;
  }

  private ready(what: string): { data: OpenData; net: TfjsNetwork } {
    if (!this.data) {
      throw new Error(`cannot ${what}: no dataset open (call open() first)`);
    }
    if (!this.net) {
      throw new Error(`cannot ${what}: no network built (call build() first)`);
    }
    return { data: this.data, net: this.net };
  }
}
