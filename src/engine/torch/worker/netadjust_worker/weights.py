"""Weight files in netadjust's canonical layout (src/engine/weights/canonical.ts): tensors named `<layer>/<tensor>`
in TensorFlow's layouts, float32, batch-norm statistics included, so either engine (and the pruner) reads what the
other wrote. The network holds PyTorch layouts (model.layer_params transposes on the way in); this module converts
both ways.
"""
import numpy as np
import torch

from .tensorfile import TensorFileError, read_tensors, write_tensors


def multiplier(node: dict) -> int:
    return int(node["attrs"]["multiplier"])


def canonical_shape(node: dict, key: str, shape) -> tuple:
    """The TensorFlow shape of the network's tensor `key` (PyTorch shape `shape`) of layer `node`."""
    shape = tuple(int(d) for d in shape)
    if key == "depthwise":
        # [cin·m, 1, kh, kw] → [kh, kw, cin, m]
        m = multiplier(node)
        return (shape[2], shape[3], shape[0] // m, m)
    if key == "kernel" and len(shape) == 4:
        return (shape[2], shape[3], shape[1], shape[0])  # [cout, cin/g, kh, kw] → [kh, kw, cin/g, cout]
    if key == "kernel" and len(shape) == 2:
        return (shape[1], shape[0])  # dense: [out, in] → [in, out]
    return shape


def to_canonical(node: dict, key: str, value: np.ndarray) -> np.ndarray:
    if key == "depthwise":
        kh, kw, cin, m = canonical_shape(node, key, value.shape)
        # Output channel c·m + k reads input c (model.layer_params), so the flat channel axis splits as (cin, m).
        return value[:, 0].transpose(1, 2, 0).reshape(kh, kw, cin, m)
    if key == "kernel" and value.ndim == 4:
        return value.transpose(2, 3, 1, 0)
    if key == "kernel" and value.ndim == 2:
        return value.T
    return value


def from_canonical(node: dict, key: str, value: np.ndarray) -> np.ndarray:
    """The inverse of to_canonical (as model.layer_params lays out freshly initialised tensors)."""
    if key == "depthwise":
        kh, kw, cin, m = value.shape
        return value.reshape(kh, kw, cin * m).transpose(2, 0, 1)[:, None]
    if key == "kernel" and value.ndim == 4:
        return value.transpose(3, 2, 0, 1)
    if key == "kernel" and value.ndim == 2:
        return value.T
    return value


def network_tensors(net):
    """(layer node, tensor key, tensor) for every tensor of the network, in graph order and canonical.ts' order."""
    for node in net.layers:
        for key, tensor in net.params[node["name"]].items():
            yield node, key, tensor


def save_weights(net, path: str) -> None:
    tensors = {}
    for node, key, tensor in network_tensors(net):
        value = tensor.detach().to("cpu", torch.float32).numpy()
        tensors[f"{node['name']}/{key}"] = np.ascontiguousarray(to_canonical(node, key, value))
    write_tensors(path, tensors)


def load_weights(net, path: str) -> None:
    """Replaces every tensor of `net` with the file's, after checking them all (a bad file changes nothing).

    Copying in place keeps each tensor's memory format (channels-last), device and requires_grad as build() made
    them; the optimizer lives only inside a training, so there is no optimizer state to reset.
    """
    staged = [(tensor, torch.from_numpy(from_canonical(node, key, value))) for node, key, tensor, value in checked_tensors(net, read_tensors(path), path)]
    with torch.no_grad():
        for tensor, value in staged:
            tensor.copy_(value)


def checked_tensors(net, stored: dict, path: str):
    """(node, key, network tensor, file value) per tensor; the first missing, non-float or misshapen one is an error."""
    out = []
    for node, key, tensor in network_tensors(net):
        name = f"{node['name']}/{key}"
        want = list(canonical_shape(node, key, tensor.shape))
        value = stored.get(name)
        if value is None:
            raise TensorFileError(f"{path}: tensor '{name}' (shape {want}) is missing")
        if value.dtype != np.float32:
            raise TensorFileError(f"{path}: tensor '{name}' is {value.dtype}; weights must be float32 (F32)")
        if list(value.shape) != want:
            raise TensorFileError(f"{path}: tensor '{name}' has shape {list(value.shape)}, but the network's is {want}")
        out.append((node, key, tensor, value))
    return out
