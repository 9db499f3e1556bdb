/** Dataset errors: one class, with the offending file, so the CLI and the editor can show a message and a link. */

/** A dataset that cannot be read: the message says what was expected and what was found; `file` is the culprit. */
export class DatasetError extends Error {
  /** The file or folder the problem is in (as given, joined with the dataset path). */
  readonly file: string;

  constructor(message: string, file: string) {
    super(message);
    this.name = 'DatasetError';
    this.file = file;
  }
}

/** The on-disk layouts each format expects, for "file not found" messages. */
export const FORMAT_LAYOUTS: Readonly<Record<string, string>> = {
  idx: 'idx: train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (each optionally .gz)',
  cifar10: 'cifar10: data_batch_1.bin … data_batch_5.bin, test_batch.bin (or their folder cifar-10-batches-bin/)',
  cifar100: 'cifar100: train.bin, test.bin (or their folder cifar-100-binary/)',
  folder: 'folder: train/<class>/*.png|jpg and test/<class>/*.png|jpg',
};

/** One line per supported format, indented, for appending to an error message. */
export function formatsHelp(): string {
  return `Supported dataset formats:\n${Object.values(FORMAT_LAYOUTS).map((l) => `  ${l}`).join('\n')}`;
}
