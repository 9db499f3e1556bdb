"""Normalisation, the held-out split and mini-batches, computed as src/engine/data/ does (stats.ts, split.ts,
batches.ts): the same per-channel statistics, the same float32 input values, the same crops and flips.
"""
import math

import numpy as np
import torch

from .rng import derive_seed, mulberry32

CROP_PADDING = 4
MIN_STD = 1e-6


def channel_stats(images: np.ndarray):
    """Per-channel mean and population std on the 0–1 scale, summed over a histogram in stats.ts' order."""
    channels = images.shape[-1]
    flat = images.reshape(-1, channels)
    mean, std = [], []
    for c in range(channels):
        histogram = np.bincount(flat[:, c], minlength=256)
        n = total = squares = 0.0
        for v in range(256):
            k = float(histogram[v])
            x = v / 255
            n += k
            total += k * x
            squares += k * x * x
        m = total / n if n > 0 else 0.0
        s = math.sqrt(max(squares / n - m * m, 0.0)) if n > 0 else 0.0
        mean.append(m)
        std.append(1.0 if s < MIN_STD else s)
    return mean, std


def normalisation_table(mean, std) -> torch.Tensor:
    """lut[c·256 + v] = (v/255 − mean[c]) / std[c], in float64 then rounded to float32 as the TS table is."""
    values = np.arange(256, dtype=np.float64) / 255
    return torch.from_numpy(np.concatenate([(values - m) / s for m, s in zip(mean, std)]).astype(np.float32))


def held_out_count(count: int, fraction: float) -> int:
    """JavaScript's Math.round (halves up), not Python's banker's rounding."""
    return int(math.floor(fraction * count + 0.5))


class Batches:
    """An image set on the compute device and the table that normalises it; subsets share its memory."""

    def __init__(self, images: torch.Tensor, labels: torch.Tensor, lut: torch.Tensor, channels_last: bool):
        self.images, self.labels, self.lut = images, labels, lut
        self.count = int(images.shape[0])
        self.offsets = (torch.arange(images.shape[-1], device=images.device) * 256).view(1, 1, 1, -1)
        self.channels_last = channels_last

    @staticmethod
    def of(images: np.ndarray, labels: np.ndarray, lut: torch.Tensor, device: torch.device, channels_last: bool) -> "Batches":
        return Batches(torch.from_numpy(images).to(device), torch.from_numpy(labels).to(device), lut.to(device), channels_last)

    def subset(self, start: int, end: int) -> "Batches":
        """Records start..end-1, a view (split.ts' subset)."""
        return Batches(self.images[start:end], self.labels[start:end], self.lut, self.channels_last)

    def get(self, index: torch.Tensor, shifts=None):
        """Normalised N×C×H×W float32 inputs and labels; with shifts (dx, dy, flip per image) cropped and mirrored."""
        raw = self.images.index_select(0, index)
        x = self.lut[raw.long() + self.offsets]
        if shifts is not None:
            x = shift_and_flip(x, *shifts)
        # N×H×W×C permuted is already a channels-last N×C×H×W tensor: no copy unless NCHW memory is asked for.
        x = x.permute(0, 3, 1, 2)
        return (x if self.channels_last else x.contiguous()), self.labels.index_select(0, index)


def augment_draws(seed: int, epoch: int, count: int):
    """The epoch's crop offsets and flips: three draws per image in batch order (x-offset, y-offset, flip)."""
    draws = mulberry32(derive_seed(seed, "augment", epoch), 3 * count).reshape(count, 3)
    span = 2 * CROP_PADDING + 1
    dx = np.floor(draws[:, 0] * span).astype(np.int64) - CROP_PADDING
    dy = np.floor(draws[:, 1] * span).astype(np.int64) - CROP_PADDING
    return torch.from_numpy(dx), torch.from_numpy(dy), torch.from_numpy(draws[:, 2] < 0.5)


def shift_and_flip(x: torch.Tensor, dx: torch.Tensor, dy: torch.Tensor, flip: torch.Tensor) -> torch.Tensor:
    """Output (y, x) takes source (y + dy, x' + dx) with x' = x or W−1−x, 0 (the mean) outside: batches.ts' crop."""
    n, h, w, _ = x.shape
    p = CROP_PADDING
    padded = torch.nn.functional.pad(x, (0, 0, p, p, p, p))
    dev = x.device
    dx, dy, flip = dx.to(dev), dy.to(dev), flip.to(dev)
    cols = torch.arange(w, device=dev).unsqueeze(0)
    cols = torch.where(flip.unsqueeze(1), w - 1 - cols, cols) + dx.unsqueeze(1) + p
    rows = torch.arange(h, device=dev).unsqueeze(0) + dy.unsqueeze(1) + p
    batch = torch.arange(n, device=dev).view(n, 1, 1)
    return padded[batch, rows.unsqueeze(2), cols.unsqueeze(1)]
