/**
 * Search settings and their defaults: the single source of truth for the CLI's flags, the editor's settings and
 * the engine. Defaults follow the method's reference implementation for CIFAR (see README, "The method").
 */

export interface SearchSettings {
  /** Adjustment iterations (train → measure FUR → update → rescale). */
  readonly iterations: number;
  /** Training epochs of each iteration's network (trained from scratch). */
  readonly epochsPerIteration: number;
  /** Epochs of the final from-scratch training of the original and of the adjusted network. */
  readonly finalEpochs: number;
  readonly batchSize: number;
  /** Initial learning rate; cosine-annealed to `minLearningRate` over each training. */
  readonly learningRate: number;
  readonly minLearningRate: number;
  readonly momentum: number;
  readonly weightDecay: number;
  /** Label smoothing for training (never for FUR probes). */
  readonly labelSmoothing: number;
  /** Training-time channel dropout: rate `r·(epoch/E)·((i+1)/L)` for searchable layer i of L. */
  readonly trainDropRate: number;
  /** Base FUR probe rate p₀; layer l gets `p₀·B̄/B_l`, equalising the FLOPs each probe removes. */
  readonly probeDropRate: number;
  /** Upper clip for per-layer probe rates (the reference does not clip; rates near 1 break the 1/(1−p) scale). */
  readonly maxProbeDropRate: number;
  /** Passes with independent masks per layer probe. */
  readonly probeRepeats: number;
  /** Layers grown and shrunk per iteration: `k_t = max(round(k₀ − t·kDecay), 0)`. */
  readonly updateCount: number;
  readonly updateCountDecay: number;
  /** Adjusting rate η for the most extreme layer; the r-th uses `max(η − r·δ, 0)` of its ORIGINAL width. */
  readonly adjustRate: number;
  readonly adjustRateDecay: number;
  /** No width is shrunk below this. */
  readonly minWidth: number;
  /** Relative tolerance of the rescale back to the original MACs (to the budget, under `targetMacs`). */
  readonly macsTolerance: number;
  /**
   * MAC budget: 0 keeps the original MACs; a value in (0, 1] is a ratio of them, a value above 1 a MAC count. The
   * network is first scaled uniformly to the budget (widths × m, rounded as EfficientNet/MobileNet do), then adjusted
   * at that budget; the final phase also trains the uniformly scaled network as the baseline. See src/engine/budget.
   */
  readonly targetMacs: number;
  /**
   * The cost the search holds constant (or shrinks to the target): `macs`, or `latency` measured per layer on the
   * run's engine (src/engine/latency). Under `latency` the FUR denominator and the rescale use the latency table, and a
   * `targetMacs` ratio is a ratio of the original's predicted latency.
   */
  readonly budget: CostBudget;
  /** Images per forward pass when timing layers and networks (deployment batch size). */
  readonly latencyBatchSize: number;
  /**
   * Distillation in the final retrain: 0 off; α in (0, 1] trains the adjusted network a second time with loss
   * `(1−α)·CE + α·T²·KL(teacher ‖ student)`, the trained original as teacher, and reports both.
   */
  readonly distillWeight: number;
  /** Distillation temperature T. */
  readonly distillTemperature: number;
  /** Initial learning rate of the pruning baselines' fine-tuning (cosine-annealed over `finalEpochs`). */
  readonly fineTuneLearningRate: number;
  /** Training images whose feature maps CHIP and HRel score channels on. */
  readonly pruneImages: number;
  /** Fraction of the training set held out for FUR probes. */
  readonly heldOutFraction: number;
  /** Use at most this many training images (0: all); for quick runs. */
  readonly maxTrainImages: number;
  /** Use at most this many test images (0: all). */
  readonly maxTestImages: number;
  /** Random crop with padding and horizontal flip during training, where the data has them (not for digits). */
  readonly augment: boolean;
  readonly seed: number;
}

export const DEFAULT_SEARCH_SETTINGS: SearchSettings = {
  iterations: 10,
  epochsPerIteration: 20,
  finalEpochs: 200,
  batchSize: 128,
  learningRate: 0.15,
  minLearningRate: 1e-3,
  momentum: 0.9,
  weightDecay: 3e-4,
  labelSmoothing: 0,
  trainDropRate: 0.05,
  probeDropRate: 0.05,
  maxProbeDropRate: 0.9,
  probeRepeats: 5,
  updateCount: 6,
  updateCountDecay: 0.5,
  adjustRate: 0.15,
  adjustRateDecay: 0.01,
  minWidth: 4,
  macsTolerance: 0.01,
  targetMacs: 0,
  budget: 'macs',
  latencyBatchSize: 1,
  distillWeight: 0,
  distillTemperature: 4,
  fineTuneLearningRate: 0.01,
  pruneImages: 64,
  heldOutFraction: 0.1,
  maxTrainImages: 0,
  maxTestImages: 0,
  augment: true,
  seed: 2,
};

/** What a search's budget counts: multiply-accumulates, or latency measured on the run's engine. */
export type CostBudget = 'macs' | 'latency';
export const COST_BUDGETS: readonly CostBudget[] = ['macs', 'latency'];

/**
 * Compute engines. `auto` picks the fastest available one: tfjs-node-gpu with a visible GPU, else PyTorch when a
 * Python with torch ≥ 1.13 is found, else TensorFlow.js' best CPU backend.
 */
export type EngineChoice = 'auto' | 'tfjs' | 'torch';

/** Every engine choice, for flag and setting validation. */
export const ENGINE_CHOICES: readonly EngineChoice[] = ['auto', 'tfjs', 'torch'];
