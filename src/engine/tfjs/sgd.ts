/**
 * SGD as PyTorch's `torch.optim.SGD(params, lr, momentum, weight_decay)` with dampening 0 and no Nesterov, the
 * method's optimiser: weight decay is coupled L2 added to the gradient, `g ← g + λ·w`, applied to every parameter
 * (kernels, biases and batch-norm gamma/beta alike, as `model.parameters()` does); `v ← μ·v + g`; `w ← w − lr·v`.
 */
import * as tf from '@tensorflow/tfjs';

/** The optimiser's hyper-parameters (a subset of the search settings). */
export interface SgdSettings {
  readonly momentum: number;
  readonly weightDecay: number;
}

/** The optimiser for one training run, with its momentum buffers (dispose when done). */
export class Sgd {
  private readonly variables: readonly tf.Variable[];
  private readonly settings: SgdSettings;
  private readonly velocity: tf.Variable[];

  constructor(variables: readonly tf.Variable[], settings: SgdSettings) {
    this.variables = variables;
    this.settings = settings;
    // Zero momentum buffers: PyTorch's first step (buffer = g) is the same as μ·0 + g.
    this.velocity = variables.map((v) => tf.tidy(() => tf.variable(tf.zerosLike(v), false)));
  }

  /**
   * One update with `grads[i]` the gradient of `variables[i]`. A variable without a gradient (not reachable from
   * the loss) is left alone, as PyTorch skips parameters whose `.grad` is None.
   */
  step(grads: ReadonlyArray<tf.Tensor | undefined>, learningRate: number): void {
    const { momentum, weightDecay } = this.settings;
    tf.tidy(() => {
      this.variables.forEach((w, i) => {
        const grad = grads[i];
        if (grad === undefined) {
          return;
        }
        const g = weightDecay > 0 ? tf.add(grad, tf.mul(w, weightDecay)) : grad;
        const v = tf.add(tf.mul(this.velocity[i]!, momentum), g);
        this.velocity[i]!.assign(v);
        w.assign(tf.sub(w, tf.mul(v, learningRate)));
      });
    });
  }

  dispose(): void {
    tf.dispose(this.velocity);
  }
}

/**
 * Cosine annealing per epoch, as PyTorch's `CosineAnnealingLR(T_max = epochs, eta_min)` stepped once an epoch:
 * epoch e (0-based) trains at `min + (max − min)·(1 + cos(π·e/epochs))/2`.
 */
export function cosineLearningRate(max: number, min: number, epoch: number, epochs: number): number {
  if (epochs <= 0) {
    return max;
  }
  return min + ((max - min) * (1 + Math.cos((Math.PI * epoch) / epochs))) / 2;
}
