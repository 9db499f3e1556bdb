/**
 * Time left for the whole run: the remaining training images and evaluation images, each divided by its measured
 * rate. Every network of the search has about the original MACs (that is the method's constraint), so one rate
 * holds for every iteration and for both final trainings. Under a MAC budget the searched networks cost the budget
 * and only the original network costs more: one rate is still taken for all, so the estimate runs a little short.
 */

/** The amount of work in a run, from its settings and its dataset. */
export interface WorkPlan {
  readonly iterations: number;
  readonly epochsPerIteration: number;
  /** Images per epoch of search training (the training set less the held-out split). */
  readonly searchImages: number;
  readonly heldOutImages: number;
  /** Held-out passes per iteration: the baseline plus every probe repeat of every group. */
  readonly passesPerIteration: number;
  readonly finalEpochs: number;
  /** Images per epoch of final training (the whole training set). */
  readonly fullImages: number;
  readonly testImages: number;
  /** Final trainings: 2 (original, adjusted), or 3 under a MAC budget (the uniformly scaled network too). Default 2. */
  readonly finalTrainings?: number;
}

/** Where the run is. `iteration` equals the number of iterations once in the final phase. */
export interface Position {
  readonly stage: 'search-train' | 'fur' | 'final';
  readonly iteration: number;
  /** Epochs of the current training done, fractional. */
  readonly epochsDone: number;
  /** Held-out passes of the current iteration done. */
  readonly passesDone: number;
  /** Final trainings finished before the current one (0, 1, or 2 under a MAC budget). */
  readonly finalsDone: number;
}

export interface Work {
  readonly trainImages: number;
  readonly evalImages: number;
}

/** The work left from `pos` to the end of the run. */
export function remainingWork(plan: WorkPlan, pos: Position): Work {
  const iterationEval = plan.passesPerIteration * plan.heldOutImages;
  const finalTrain = plan.finalEpochs * plan.fullImages;
  const finals = plan.finalTrainings ?? 2;
  if (pos.stage === 'final') {
    const later = Math.max(0, finals - 1 - pos.finalsDone);
    return {
      trainImages: Math.max(0, plan.finalEpochs - pos.epochsDone) * plan.fullImages + later * finalTrain,
      evalImages: (1 + later) * plan.testImages,
    };
  }
  const laterIterations = Math.max(0, plan.iterations - pos.iteration - 1);
  const current: Work =
    pos.stage === 'search-train'
      ? { trainImages: Math.max(0, plan.epochsPerIteration - pos.epochsDone) * plan.searchImages, evalImages: iterationEval }
      : { trainImages: 0, evalImages: Math.max(0, plan.passesPerIteration - pos.passesDone) * plan.heldOutImages };
  return {
    trainImages: current.trainImages + laterIterations * plan.epochsPerIteration * plan.searchImages + finals * finalTrain,
    evalImages: current.evalImages + laterIterations * iterationEval + finals * plan.testImages,
  };
}

/** Running estimates of training and evaluation throughput. */
export class Throughput {
  private trainRate = 0;
  private evalRate = 0;

  /** A trainer's reported training rate (images/s); non-positive or non-finite reports are ignored. */
  observeTrain(imagesPerSecond: number): void {
    if (Number.isFinite(imagesPerSecond) && imagesPerSecond > 0) {
      this.trainRate = smooth(this.trainRate, imagesPerSecond);
    }
  }

  /** One timed evaluation pass. */
  observeEval(images: number, seconds: number): void {
    if (images > 0 && seconds > 0) {
      this.evalRate = smooth(this.evalRate, images / seconds);
    }
  }

  /** The smoothed evaluation rate (images/s), 0 until an evaluation is timed. */
  get evalImagesPerSecond(): number {
    return this.evalRate;
  }

  /** Seconds for `work`; before any evaluation is timed, evaluation is taken as 3× training (forward pass only). */
  seconds(work: Work): number {
    if (this.trainRate <= 0 && this.evalRate <= 0) {
      return 0;
    }
    const trainRate = this.trainRate > 0 ? this.trainRate : this.evalRate / 3;
    const evalRate = this.evalRate > 0 ? this.evalRate : this.trainRate * 3;
    return work.trainImages / trainRate + work.evalImages / evalRate;
  }
}

/** Exponential smoothing, so one slow batch (a garbage collection) does not swing the estimate. */
function smooth(previous: number, sample: number): number {
  return previous > 0 ? 0.8 * previous + 0.2 * sample : sample;
}
