/** The TensorFlow.js engine's {@link Trainer}: dataset, network, training and evaluation behind the search's interface. */
import { analyzeGraph, type ModelAnalysis } from '../../model/analyze.js';
import type { ModelGraph } from '../../model/graph.js';
import type { SearchSettings } from '../../protocol/settings.js';
import type { DatasetRef, EngineInfo, SplitMetrics, WidthMap } from '../../protocol/types.js';
import { loadDataset, type LoadOptions } from '../data/load.js';
import { splitHeldOut } from '../data/split.js';
import type { ImageSet, LoadedDataset } from '../data/types.js';
import type { DatasetInfo, EvalOptions, EvalSplit, Trainer, TrainOptions, TrainResult } from '../trainer.js';
import { initBackend, type TfjsBackendChoice } from './backend.js';
import { buildNetwork, type TfjsNetwork } from './buildModel.js';
import { evaluateNetwork } from './evaluateLoop.js';
import { networkPlan } from './plan.js';
import { trainNetwork } from './trainLoop.js';

/** Options of {@link createTfjsTrainer}. */
export interface TfjsTrainerOptions {
  /** Backend to force (else `NETADJUST_TFJS_BACKEND`, else the fastest available). */
  readonly backend?: TfjsBackendChoice;
  /** Reads the dataset; default {@link loadDataset}. Tests pass in-memory datasets. */
  readonly loadDataset?: (ref: DatasetRef, options: LoadOptions) => Promise<LoadedDataset>;
}

interface OpenData {
  readonly dataset: LoadedDataset;
  readonly search: ImageSet;
  readonly heldout: ImageSet;
  readonly settings: SearchSettings;
}

/** A trainer for `graph` on the best (or the forced) tfjs backend, initialised before it returns. */
export async function createTfjsTrainer(graph: ModelGraph, options: TfjsTrainerOptions = {}): Promise<Trainer> {
  const info = await initBackend(options.backend === undefined ? {} : { backend: options.backend });
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
    checkFits(this.analysis, dataset);
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
    return trainNetwork(net, { set, mean: data.dataset.mean, std: data.dataset.std, augment }, options);
  }

  async evaluate(split: EvalSplit, options: EvalOptions = {}): Promise<SplitMetrics> {
    const { data, net } = this.ready('evaluate');
    const set = split === 'heldout' ? data.heldout : data.dataset.test;
    if (set.count === 0) {
      throw new Error(`the ${split === 'heldout' ? 'held-out' : 'test'} split of ${data.dataset.description} is empty`);
    }
    return evaluateNetwork(net, { set, mean: data.dataset.mean, std: data.dataset.std }, data.settings.batchSize, options);
  }

  countParams(): number {
    if (!this.net) {
      throw new Error('no network: call build() first');
    }
    return this.net.countParams();
  }

  async dispose(): Promise<void> {
    this.net?.dispose();
    this.net = undefined;
    this.data = undefined;
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

/** The dataset must have the model's input shape and as many classes as the classifier has outputs. */
function checkFits(analysis: ModelAnalysis, dataset: LoadedDataset): void {
  const model = analysis.graph;
  const [h, w, c] = dataset.train.shape;
  const [mh, mw, mc] = model.input;
  if (h !== mh || w !== mw || c !== mc) {
    throw new Error(`the dataset ${dataset.description} has ${h}×${w}×${c} images, but the model '${model.name}' takes ${mh}×${mw}×${mc} input`);
  }
  const classes = networkPlan(analysis, analysis.widths).classes;
  if (classes !== dataset.classes) {
    throw new Error(`the dataset ${dataset.description} has ${dataset.classes} classes, but the model '${model.name}' classifies into ${classes} (its output layer's width)`);
  }
}
