"""The safetensors file format, read and written with numpy alone (the user's Python may not have the `safetensors`
package): an 8-byte little-endian header length, a JSON header naming each tensor's dtype, shape and byte range
(padded with spaces so the data starts 8-byte aligned), then the raw little-endian data. The same format as
src/engine/weights/safetensors.ts, float32 ("F32") and int32 ("I32") tensors only.

Files are written whole or not at all: a temporary file in the same folder, flushed to disk, renamed over the
target (as src/engine/runs/atomic.ts writes run files).
"""
import json
import os
import secrets
import struct

import numpy as np

from .protocol import RequestError

DTYPES = {"F32": np.dtype("<f4"), "I32": np.dtype("<i4")}
TEMP_SUFFIX = ".tmp"


class TensorFileError(RequestError):
    """A tensor file that cannot be read or written, or does not hold what it should; the message names the file."""


def dtype_name(array: np.ndarray) -> str:
    if array.dtype == np.float32:
        return "F32"
    if array.dtype == np.int32:
        return "I32"
    raise ValueError(f"safetensors files hold float32 and int32 tensors here, not {array.dtype}")


def encode_header(specs, metadata=None) -> bytes:
    """The length prefix and padded JSON header for (name, dtype name, shape) specs, data laid out in that order."""
    header = {"__metadata__": dict(metadata)} if metadata else {}
    offset = 0
    for name, dtype, shape in specs:
        size = int(np.prod(shape, dtype=np.int64)) * DTYPES[dtype].itemsize
        header[name] = {"dtype": dtype, "shape": [int(d) for d in shape], "data_offsets": [offset, offset + size]}
        offset += size
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - (8 + len(text)) % 8) % 8)
    return struct.pack("<Q", len(text)) + text


class TensorFileWriter:
    """Writes a safetensors file whose tensors are declared up front and filled in row blocks (along the first axis),
    so large tensors (feature maps) never have to be held whole. `commit` makes the file appear; `abandon` (or an
    exception inside a `with` block) leaves the target untouched."""

    def __init__(self, path: str, specs, metadata=None):
        self.path = path
        self.specs = {name: (DTYPES[dtype], tuple(int(d) for d in shape)) for name, dtype, shape in specs}
        head = encode_header(specs, metadata)
        self.starts, at = {}, len(head)
        for name, (dtype, shape) in self.specs.items():
            self.starts[name] = at
            at += int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
        folder, base = os.path.split(os.path.abspath(path))
        self.temp = os.path.join(folder, f".{base}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
        try:
            self.file = open(self.temp, "xb")
        except OSError as e:
            raise TensorFileError(f"cannot write {path}: {e.strerror}") from e
        try:
            self.file.write(head)
            self.file.truncate(at)
        except OSError as e:
            self.abandon()
            raise TensorFileError(f"cannot write {path}: {e.strerror}") from e

    def write(self, name: str, array: np.ndarray, first_row: int = 0) -> None:
        """Rows first_row .. first_row + len(array) − 1 of tensor `name` (the whole tensor when it starts at 0)."""
        dtype, shape = self.specs[name]
        rows = np.ascontiguousarray(array, dtype=dtype)
        whole = rows.shape == shape and first_row == 0
        if not whole and (len(shape) == 0 or rows.shape[1:] != shape[1:] or first_row + rows.shape[0] > shape[0]):
            raise ValueError(f"cannot write a {list(rows.shape)} block at row {first_row} of tensor '{name}' {list(shape)}")
        row_bytes = int(np.prod(shape[1:], dtype=np.int64)) * dtype.itemsize
        try:
            self.file.seek(self.starts[name] + first_row * row_bytes)
            self.file.write(rows.tobytes())
        except OSError as e:
            raise TensorFileError(f"cannot write {self.path}: {e.strerror}") from e

    def commit(self) -> None:
        try:
            self.file.flush()
            os.fsync(self.file.fileno())
            self.file.close()
            os.replace(self.temp, self.path)
        except OSError as e:
            self.abandon()
            raise TensorFileError(f"cannot write {self.path}: {e.strerror}") from e
        sync_folder(os.path.dirname(os.path.abspath(self.path)))

    def abandon(self) -> None:
        if not self.file.closed:
            self.file.close()
        if os.path.exists(self.temp):
            os.remove(self.temp)

    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        if kind is not None:
            self.abandon()
        return False


def write_tensors(path: str, tensors: dict, metadata=None) -> None:
    """Writes name → float32 / int32 array, in the dict's order, atomically."""
    arrays = {name: np.asarray(a) for name, a in tensors.items()}
    specs = [(name, dtype_name(a), a.shape) for name, a in arrays.items()]
    with TensorFileWriter(path, specs, metadata) as out:
        for name, a in arrays.items():
            out.write(name, a)
        out.commit()


def read_tensors(path: str) -> dict:
    """name → numpy array (native float32 / int32) for every tensor of the file; the metadata entry is skipped."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise TensorFileError(f"cannot read {path}: {e.strerror}") from e
    if len(data) < 8:
        raise TensorFileError(f"{path}: not a safetensors file ({len(data)} bytes)")
    (length,) = struct.unpack("<Q", data[:8])
    if length > len(data) - 8:
        raise TensorFileError(f"{path}: not a safetensors file (header length {length} exceeds the file)")
    try:
        header = json.loads(data[8:8 + length].decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise TensorFileError(f"{path}: the safetensors header is not JSON ({e})") from e
    if not isinstance(header, dict):
        raise TensorFileError(f"{path}: the safetensors header is not a JSON object")
    start = 8 + length
    return {name: read_entry(data, start, name, entry, path) for name, entry in header.items() if name != "__metadata__"}


def read_entry(data: bytes, start: int, name: str, entry, path: str) -> np.ndarray:
    dtype = entry.get("dtype") if isinstance(entry, dict) else None
    if dtype not in DTYPES:
        raise TensorFileError(f"{path}: tensor '{name}' is {dtype}; netadjust reads F32 and I32 tensors")
    shape, offsets = entry.get("shape"), entry.get("data_offsets")
    well_formed = (
        isinstance(shape, list) and all(isinstance(d, int) and d >= 0 for d in shape)
        and isinstance(offsets, list) and len(offsets) == 2 and all(isinstance(o, int) for o in offsets)
        and 0 <= offsets[0] <= offsets[1] and start + offsets[1] <= len(data)
    )
    if not well_formed:
        raise TensorFileError(f"{path}: tensor '{name}' has a malformed header entry or lies outside the file")
    count = int(np.prod(shape, dtype=np.int64))
    if (offsets[1] - offsets[0]) != count * DTYPES[dtype].itemsize:
        raise TensorFileError(f"{path}: tensor '{name}': shape {shape} does not hold {(offsets[1] - offsets[0]) // 4} values")
    values = np.frombuffer(data, DTYPES[dtype], count, start + offsets[0])
    return values.astype(DTYPES[dtype].newbyteorder("="), copy=True).reshape(shape)


def sync_folder(folder: str) -> None:
    """Makes the rename durable where folders can be opened (not on Windows, where rename is durable enough)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
