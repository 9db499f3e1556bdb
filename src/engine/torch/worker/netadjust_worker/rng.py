"""Seeded randomness, bit for bit as src/engine/random.ts and src/engine/data/batches.ts, so data order,
augmentation, channel-drop masks and initial weights are the same in every engine of a run.

mulberry32 is counter-based (output k depends only on the seed and k), so whole streams are computed at once with
numpy uint32 arithmetic, which wraps exactly like JavaScript's Math.imul and >>> 0.
"""
import numpy as np

_U32 = np.uint32


def mulberry32(seed: int, count: int, skip: int = 0) -> np.ndarray:
    """Draws skip .. skip+count-1 of seededRandom(seed) as float64 in [0, 1) (exactly JavaScript's values)."""
    with np.errstate(over="ignore"):
        k = np.arange(skip + 1, skip + count + 1, dtype=np.uint64)
        state = ((seed & 0xFFFFFFFF) + k * 0x6D2B79F5) & 0xFFFFFFFF
        t = state.astype(_U32)
        t = (t ^ (t >> _U32(15))) * (t | _U32(1))
        t = t ^ (t + (t ^ (t >> _U32(7))) * (t | _U32(61)))
        t = t ^ (t >> _U32(14))
    return t.astype(np.float64) / 4294967296.0


def derive_seed(seed: int, *parts) -> int:
    """deriveSeed: FNV-1a-style over the UTF-16 code units of each part, stable across runs and processes."""
    h = (seed ^ 0x811C9DC5) & 0xFFFFFFFF
    for part in parts:
        text = str(part)
        units = text.encode("utf-16-le")
        for i in range(0, len(units), 2):
            h = ((h ^ (units[i] | (units[i + 1] << 8))) * 0x01000193) & 0xFFFFFFFF
        h = ((h ^ 0x2F) * 0x01000193) & 0xFFFFFFFF
    return h


def permutation(n: int, seed: int) -> np.ndarray:
    """Fisher–Yates shuffle of 0..n-1 driven by seededRandom(seed), as permutation() in random.ts."""
    out = list(range(n))
    if n > 1:
        i = np.arange(n - 1, 0, -1, dtype=np.float64)
        js = np.floor(mulberry32(seed, n - 1) * (i + 1)).astype(np.int64).tolist()
        for i_, j in zip(range(n - 1, 0, -1), js):
            out[i_], out[j] = out[j], out[i_]
    return np.asarray(out, dtype=np.int64)


def batch_order(count: int, batch_size: int, seed: int, epoch: int) -> list:
    """batchOrder(): the epoch's permutation cut into batches; the last, partial batch is kept."""
    order = permutation(count, derive_seed(seed, "epoch", epoch))
    return [order[s:s + batch_size] for s in range(0, count, batch_size)]
