/** In-memory datasets: what every dataset reader produces and every trainer consumes. */

/** Images as bytes, channels-last (`N × H × W × C`, values 0–255), with integer labels. */
export interface ImageSet {
  readonly images: Uint8Array;
  readonly labels: Uint8Array | Uint16Array;
  readonly count: number;
  /** `[H, W, C]` of one image. */
  readonly shape: readonly [number, number, number];
}

export interface LoadedDataset {
  /** e.g. `fashion-mnist (idx)`, for people. */
  readonly description: string;
  readonly train: ImageSet;
  readonly test: ImageSet;
  readonly classes: number;
  /** Class names when the format has them (folder names, CIFAR meta files). */
  readonly classNames?: readonly string[];
  /** Whether random crops and horizontal flips keep the labels right (natural images yes; digits and text no). */
  readonly flipAndCrop: boolean;
  /** Per-channel mean and standard deviation of the training images, on the 0–1 scale, for normalisation. */
  readonly mean: readonly number[];
  readonly std: readonly number[];
}
