"""A trainable network built from the model graph's plan at any widths: parameters initialised bit for bit as the
tfjs engine initialises them (same streams, same values, transposed to PyTorch's layouts), a forward pass in graph
order, and the method's channel drop at every width variable's drop point, in training and in inference mode.
"""
import math

import numpy as np
import torch

from .layers import forward_layer, layer_macs
from .rng import derive_seed, mulberry32


def initial(seed: int, layer: str, name: str, shape, init) -> np.ndarray:
    """init.ts' values in TensorFlow's layout: uniform He / Glorot limits from the stream (seed, layer, name)."""
    size = int(np.prod(shape))
    if init[0] == "constant":
        return np.full(shape, init[1], np.float32)
    limit = math.sqrt(6 / max(1, init[1]))
    return ((2 * mulberry32(derive_seed(seed, layer, name), size) - 1) * limit).astype(np.float32).reshape(shape)


def layer_params(node: dict, seed: int) -> dict:
    """The layer's tensors (TF layout → PyTorch layout) and batch-norm state, as layerParams.ts creates them."""
    kind, attrs, name = node["type"], node["attrs"], node["name"]
    cin, cout = node["inChannels"], node["channels"]
    out = {}
    if kind == "conv2d":
        kh, kw = attrs["kernel"]
        per_group = cin // attrs["groups"]
        k = initial(seed, name, "kernel", (kh, kw, per_group, cout), ("he", kh * kw * per_group))
        out["kernel"] = k.transpose(3, 2, 0, 1)
    elif kind in ("depthwise_conv2d", "separable_conv2d"):
        kh, kw = attrs["kernel"]
        m = attrs["multiplier"]
        d = initial(seed, name, "depthwise", (kh, kw, cin, m), ("he", kh * kw))
        # Output channel c·m + k of a depthwise conv reads input c: PyTorch's grouped layout [cin·m, 1, kh, kw].
        out["depthwise"] = d.reshape(kh, kw, cin * m).transpose(2, 0, 1)[:, None]
        if kind == "separable_conv2d":
            k = initial(seed, name, "kernel", (1, 1, cin * m, cout), ("he", cin * m))
            out["kernel"] = k.transpose(3, 2, 0, 1)
    elif kind == "dense":
        k = initial(seed, name, "kernel", (cin, cout), ("glorot", cin + cout))
        out["kernel"] = k.T
    elif kind == "batch_norm":
        if attrs["scale"]:
            out["gamma"] = initial(seed, name, "gamma", (cin,), ("constant", 1))
        if attrs["center"]:
            out["beta"] = initial(seed, name, "beta", (cin,), ("constant", 0))
    if kind in ("conv2d", "depthwise_conv2d", "separable_conv2d", "dense") and attrs.get("bias"):
        out["bias"] = initial(seed, name, "bias", (cout,), ("constant", 0))
    return {k: np.ascontiguousarray(v) for k, v in out.items()}


def channel_mask(n: int, c: int, rate: float, seed: int, like: torch.Tensor) -> torch.Tensor:
    """channelDrop.ts' mask: one seeded draw per (sample, channel), kept channels scaled by 1/(1−p)."""
    keep = mulberry32(seed, n * c) >= rate
    mask = torch.from_numpy(keep.astype(np.float32) * np.float32(1 / (1 - rate))).to(like.device, like.dtype)
    return mask.view(n, c, 1, 1) if like.dim() == 4 else mask.view(n, c)


def drop(x: torch.Tensor, variable: str, rate: float, pass_seed: int) -> torch.Tensor:
    if not 0 <= rate < 1:
        raise ValueError(f"a channel-drop rate must be in [0, 1), got {rate}")
    if rate == 0:
        return x
    return x * channel_mask(x.shape[0], x.shape[1], rate, derive_seed(pass_seed, "channel-drop", variable), x)


class Network:
    def __init__(self, plan: dict, seed: int, device: torch.device, channels_last: bool):
        self.layers = plan["layers"]
        self.logits = plan["logits"]
        self.classes = plan["classes"]
        self.drop_at = plan["dropAt"]  # layer name → width variable dropped after it
        self.device = device
        self.params, self.trainable = {}, []
        for node in self.layers:
            p = {}
            for key, value in layer_params(node, seed).items():
                t = torch.from_numpy(value).to(device)
                if t.dim() == 4 and channels_last:
                    t = t.contiguous(memory_format=torch.channels_last)
                p[key] = t.requires_grad_()
                self.trainable.append(p[key])
            if node["type"] == "batch_norm":
                p["mean"] = torch.zeros(node["inChannels"], device=device)
                p["var"] = torch.ones(node["inChannels"], device=device)
            self.params[node["name"]] = p
        # How many later layers (and the output) read each layer: inference frees an activation after its last use.
        self.uses = {self.logits: 1}
        for node in self.layers:
            for i in node["inputs"]:
                self.uses[i] = self.uses.get(i, 0) + 1

    def count_params(self) -> int:
        return sum(t.numel() for t in self.trainable)

    def run(self, node, values, training, rates, seed, on_layer=None):
        """One layer's output, with its channel drop (when its variable has a rate) applied."""
        inputs = [values[i] for i in node["inputs"]]
        y = forward_layer(node, inputs, self.params[node["name"]], training, seed)
        if on_layer is not None:
            on_layer(node, inputs, y)
        return self.run_on(node, y, rates, seed)

    def run_on(self, node, y, rates, seed):
        """`y` (the layer's output) with the layer's channel drop applied, if its variable has a rate."""
        variable = self.drop_at.get(node["name"])
        rate = rates.get(variable, 0) if variable is not None else 0
        return drop(y, variable, rate, seed) if rate > 0 else y

    def forward(self, x, training: bool, rates: dict, seed: int, keep=None, on_layer=None):
        """Logits for x (N×C×H×W). With `keep`, also the activations of those layers (probe reuse)."""
        values, kept, left = {}, {}, dict(self.uses)
        for node in self.layers:
            values[node["name"]] = x if node["type"] == "input" else self.run(node, values, training, rates, seed, on_layer)
            if keep is not None and node["name"] in keep:
                kept[node["name"]] = values[node["name"]]
            if not training:
                for i in node["inputs"]:
                    left[i] -= 1
                    if left[i] == 0:
                        del values[i]
        return (values[self.logits], kept) if keep is not None else values[self.logits]

    def count_macs(self, shape) -> int:
        """MACs of one image's forward pass, from the tensors this network computes (layers.layer_macs)."""
        total = 0

        def count(node, inputs, y):
            nonlocal total
            total += layer_macs(node, inputs[0], y) if inputs else 0

        with torch.inference_mode():
            self.forward(torch.zeros((1, shape[2], shape[0], shape[1]), device=self.device), False, {}, 0, on_layer=count)
        return total
