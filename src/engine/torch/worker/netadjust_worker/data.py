"""Dataset readers, the same formats and record order as src/engine/data/ (IDX, CIFAR binary, image folders), so the
torch engine reads the files itself: only a path crosses the process boundary, never the images.
"""
import gzip
import os

import numpy as np

FORMAT_LAYOUTS = {
    "idx": "idx: train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (each optionally .gz)",
    "cifar10": "cifar10: data_batch_1.bin … data_batch_5.bin, test_batch.bin (or their folder cifar-10-batches-bin/)",
    "cifar100": "cifar100: train.bin, test.bin (or their folder cifar-100-binary/)",
    "folder": "folder: train/<class>/*.png|jpg and test/<class>/*.png|jpg",
}
CIFAR = {
    "cifar10": ([f"data_batch_{i}.bin" for i in range(1, 6)], "test_batch.bin", 1, 10, "batches.meta.txt", "cifar-10-batches-bin"),
    "cifar100": (["train.bin"], "test.bin", 2, 100, "fine_label_names.txt", "cifar-100-binary"),
}
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")


class DatasetError(Exception):
    """A dataset that cannot be read; `file` is the culprit (the TS side turns it into its own DatasetError)."""

    def __init__(self, message: str, file: str):
        super().__init__(message)
        self.file = file


class ImageSet:
    """Images as uint8 N×H×W×C (channels-last, as the TS readers produce) with integer labels."""

    def __init__(self, images: np.ndarray, labels: np.ndarray):
        self.images = images
        self.labels = labels.astype(np.int64)

    @property
    def count(self) -> int:
        return int(self.images.shape[0])

    def subset(self, start: int, end: int) -> "ImageSet":
        return ImageSet(self.images[start:end], self.labels[start:end])


def limit(count: int, most: int) -> int:
    return min(count, most) if most and most > 0 else count


def read_bytes(file: str) -> bytes:
    """Whole file, gunzipped when it starts with the gzip magic bytes (whatever its name says)."""
    try:
        with open(file, "rb") as f:
            data = f.read()
    except OSError as e:
        raise DatasetError(f"Cannot read {file}: {e.strerror}", file)
    if data[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(data)
        except (OSError, EOFError) as e:
            raise DatasetError(f"{file} is gzip-compressed but corrupt or truncated ({e}).", file)
    return data


def read_names(file: str, expected=None):
    if not os.path.isfile(file):
        return None
    with open(file, encoding="utf-8") as f:
        names = [line.strip() for line in f if line.strip()]
    if expected is not None and len(names) != expected:
        raise DatasetError(f"{file} lists {len(names)} class names, expected {expected} (one per line).", file)
    return names


def check_labels(labels: np.ndarray, classes: int, file: str) -> None:
    bad = np.nonzero(labels >= classes)[0]
    if bad.size:
        i = int(bad[0])
        raise DatasetError(f"Label {int(labels[i])} of record {i} in {file} is out of range: labels must be 0–{classes - 1} ({classes} classes).", file)


def missing(name: str, folder: str, fmt: str, detail: str = "") -> DatasetError:
    help_ = "Supported dataset formats:\n" + "\n".join(f"  {l}" for l in FORMAT_LAYOUTS.values())
    return DatasetError(f"Expected {name}{detail} in {folder} for dataset format '{fmt}', but it is missing.\n{help_}", os.path.join(folder, name))


def read_idx(folder: str, max_train: int, max_test: int):
    names = read_names(os.path.join(folder, "classes.txt"))
    classes = len(names) if names else 10

    def part(prefix: str, most: int) -> ImageSet:
        files = []
        for kind in ("images-idx3-ubyte", "labels-idx1-ubyte"):
            name = f"{prefix}-{kind}"
            found = [os.path.join(folder, n) for n in (name, name + ".gz") if os.path.isfile(os.path.join(folder, n))]
            if not found:
                raise missing(name, folder, "idx", f" (or {name}.gz)")
            files.append(found[0])
        img, lab = read_bytes(files[0]), read_bytes(files[1])
        count, rows, cols = idx_header(img, files[0], 0x803, 3)
        if len(img) != 16 + count * rows * cols:
            raise DatasetError(f"{files[0]}: its header promises {16 + count * rows * cols} bytes, the file has {len(img)} bytes.", files[0])
        (total,) = idx_header(lab, files[1], 0x801, 1)
        if total != count:
            raise DatasetError(f"{files[1]} holds {total} labels but {files[0]} holds {count} images.", files[1])
        n = limit(count, most)
        images = np.frombuffer(img, np.uint8, n * rows * cols, 16).reshape(n, rows, cols, 1).copy()
        labels = np.frombuffer(lab, np.uint8, n, 8).copy()
        check_labels(labels, classes, files[1])
        return ImageSet(images, labels)

    return part("train", max_train), part("t10k", max_test), classes


def idx_header(data: bytes, file: str, magic: int, dims: int):
    if len(data) < 4 + 4 * dims:
        raise DatasetError(f"{file} is truncated: expected an IDX header of {4 + 4 * dims} bytes, found {len(data)} bytes.", file)
    found = int.from_bytes(data[0:4], "big")
    if found != magic:
        raise DatasetError(f"{file} has magic number 0x{found:08x}, expected 0x{magic:08x}.", file)
    return [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]


def read_cifar(path: str, fmt: str, max_train: int, max_test: int):
    train_files, test_file, label_bytes, classes, names_file, sub = CIFAR[fmt]
    folder = path if os.path.isfile(os.path.join(path, train_files[0])) else os.path.join(path, sub)
    if not os.path.isfile(os.path.join(folder, train_files[0])):
        raise missing(train_files[0], path, fmt, f" (in the folder itself or in {sub}/)")
    record = label_bytes + 3072

    def part(files, most: int) -> ImageSet:
        chunks, left = [], limit(1 << 62, most)
        for name in files:
            file = os.path.join(folder, name)
            if not os.path.isfile(file):
                raise missing(name, folder, fmt)
            data = read_bytes(file)
            if len(data) == 0 or len(data) % record:
                raise DatasetError(f"{file} is truncated or empty: records are {record} bytes, found {len(data)} bytes.", file)
            rows = np.frombuffer(data, np.uint8).reshape(-1, record)[:left]
            check_labels(rows[:, label_bytes - 1], classes, file)
            chunks.append(rows)
            left -= rows.shape[0]
            if left <= 0:
                break
        rows = np.concatenate(chunks)
        images = rows[:, label_bytes:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1).copy()
        return ImageSet(images, rows[:, label_bytes - 1].copy())

    read_names(os.path.join(folder, names_file), classes)
    return part(train_files, max_train), part([test_file], max_test), classes


def spread_classes(per_class):
    """spreadClasses(): the i-th of n files of a class sits at (i + ½)/n, ties to the lower class."""
    keyed = [((i + 0.5) / len(files), label, f) for label, files in enumerate(per_class) for i, f in enumerate(files)]
    keyed.sort(key=lambda k: (k[0], k[1]))
    return [(f, label) for _, label, f in keyed]


def decode(file: str) -> np.ndarray:
    """PNG or JPEG to H×W×C uint8: gray PNGs stay one channel, everything else becomes RGB, alpha is dropped."""
    try:
        from PIL import Image
    except ImportError:
        raise DatasetError("Reading image folders with the torch engine needs Pillow: run 'apt-get install -y python3-pil' or 'pip install pillow' (or use --engine tfjs).", file)
    try:
        with Image.open(file) as img:
            gray = img.format == "PNG" and img.mode in ("1", "L", "LA", "I", "I;16")
            return np.asarray(img.convert("L" if gray else "RGB"), np.uint8).reshape(img.height, img.width, -1)
    except (OSError, ValueError) as e:
        raise DatasetError(f"Cannot decode image {file}: {e}", file)


def read_folder(path: str, max_train: int, max_test: int):
    train_dir, test_dir = os.path.join(path, "train"), os.path.join(path, "test")
    if not os.path.isdir(train_dir):
        raise missing("train", path, "folder", "/ (one subfolder of images per class)")
    if not os.path.isdir(test_dir):
        raise DatasetError(f"Test folder (test/<class>/*.png|jpg, the same classes as train/) not found: {test_dir}", test_dir)
    classes = sorted(d for d in os.listdir(train_dir) if os.path.isdir(os.path.join(train_dir, d)) and not d.startswith("."))
    if len(classes) < 2:
        raise DatasetError(f"{train_dir} needs at least two class subfolders, found {len(classes)}.", train_dir)

    def part(root: str, most: int, shape=None) -> ImageSet:
        per_class = []
        for name in classes:
            d = os.path.join(root, name)
            files = sorted(f for f in os.listdir(d) if f.lower().endswith(IMAGE_SUFFIXES) and os.path.isfile(os.path.join(d, f))) if os.path.isdir(d) else []
            if not files:
                raise DatasetError(f"Class folder {d} holds no images (.png, .jpg or .jpeg).", d)
            per_class.append([os.path.join(d, f) for f in files])
        entries = spread_classes(per_class)[:limit(1 << 62, most)]
        images = [decode(f) for f, _ in entries]
        shape = shape or images[0].shape
        for (f, _), img in zip(entries, images):
            if img.shape != shape:
                raise DatasetError(f"Image {f} is {'×'.join(map(str, img.shape))} (H×W×C) but the first image is {'×'.join(map(str, shape))}; all images must have the same size and channel count.", f)
        return ImageSet(np.stack(images), np.asarray([label for _, label in entries]))

    train = part(train_dir, max_train)
    return train, part(test_dir, max_test, train.images.shape[1:]), len(classes)


def load_dataset(ref: dict, max_train: int, max_test: int):
    """(train, test, classes, flip_and_crop) for a DatasetRef; every problem is a DatasetError naming the file."""
    path, fmt = ref["path"], ref["format"]
    if not os.path.isdir(path):
        raise DatasetError(f"Dataset folder not found: {path}", path)
    if fmt == "idx":
        train, test, classes = read_idx(path, max_train, max_test)
    elif fmt in CIFAR:
        train, test, classes = read_cifar(path, fmt, max_train, max_test)
    elif fmt == "folder":
        train, test, classes = read_folder(path, max_train, max_test)
    else:
        raise DatasetError(f"Unknown dataset format '{fmt}'.", path)
    # Digits and clothing items are centred and oriented: flipping or shifting them changes what they are.
    return train, test, classes, fmt != "idx"
