"""The forward computation of every primitive layer type of the model graph, on N×C×H×W tensors, with
TensorFlow's semantics where they differ from PyTorch's defaults (the graph and the tfjs engine use TensorFlow's):
'same' padding that puts the odd pixel at the bottom/right, average pools that do not count padding, flatten in
H×W×C order, channel zero-padding at the end of the channel axis.
"""
import math

import torch
import torch.nn.functional as F

from .rng import derive_seed

ACTIVATIONS = {
    "relu": F.relu,
    "relu6": F.relu6,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "softmax": lambda x: F.softmax(x, dim=1),
    "swish": F.silu,
    "gelu": F.gelu,  # the exact (erf) form, as tfjs' engine computes it
    "elu": F.elu,
    "linear": lambda x: x,
}


def same_padding(size: int, kernel: int, stride: int, dilation: int = 1):
    """TensorFlow's 'same': (before, after) with the odd pixel after."""
    effective = (kernel - 1) * dilation + 1
    total = max((math.ceil(size / stride) - 1) * stride + effective - size, 0)
    return total // 2, total - total // 2


def spatial_padding(x: torch.Tensor, attrs: dict, kernel, dilation=(1, 1)):
    """(left, right, top, bottom) for F.pad, all zero for 'valid'."""
    if attrs["padding"] != "same":
        return (0, 0, 0, 0)
    top, bottom = same_padding(x.shape[2], kernel[0], attrs["stride"][0], dilation[0])
    left, right = same_padding(x.shape[3], kernel[1], attrs["stride"][1], dilation[1])
    return (left, right, top, bottom)


def conv(x, weight, bias, attrs, groups):
    """Convolution with TF padding: symmetric padding goes into the conv itself (faster), asymmetric into F.pad."""
    pad = spatial_padding(x, attrs, weight.shape[2:], attrs.get("dilation", (1, 1)))
    if pad[0] == pad[1] and pad[2] == pad[3]:
        padding = (pad[2], pad[0])
    else:
        x, padding = F.pad(x, pad), (0, 0)
    return F.conv2d(x, weight, bias, tuple(attrs["stride"]), padding, tuple(attrs.get("dilation", (1, 1))), groups)


def pool(x, attrs, kind):
    size, stride = tuple(attrs["size"]), tuple(attrs["stride"])
    pad = spatial_padding(x, attrs, size)
    if kind == "max":
        return F.max_pool2d(F.pad(x, pad, value=-math.inf) if any(pad) else x, size, stride)
    if not any(pad):
        return F.avg_pool2d(x, size, stride)
    # TF's 'same' average ignores the padding: divide the window sums by the number of real pixels in each window.
    ones = torch.ones((1, 1) + tuple(x.shape[2:]), dtype=x.dtype, device=x.device)
    return F.avg_pool2d(F.pad(x, pad), size, stride) / F.avg_pool2d(F.pad(ones, pad), size, stride)


def pad_channels(x, width):
    c = x.shape[1]
    if c == width:
        return x
    return F.pad(x, (0, 0, 0, 0, 0, width - c)) if x.dim() == 4 else F.pad(x, (0, width - c))


def batch_norm(x, p, attrs, training):
    # PyTorch's momentum weighs the new batch; the graph's (Keras') weighs the old value. Both use the unbiased variance.
    return F.batch_norm(x, p["mean"], p["var"], p.get("gamma"), p.get("beta"), training, 1 - attrs["momentum"], attrs["epsilon"])


def dense(x, p):
    if x.dim() == 2:
        return F.linear(x, p["kernel"], p.get("bias"))
    return F.linear(x.permute(0, 2, 3, 1), p["kernel"], p.get("bias")).permute(0, 3, 1, 2)


def dropout(x, rate, training, seed, name):
    if not training or rate <= 0:
        return x
    g = torch.Generator(device=x.device)
    g.manual_seed(derive_seed(seed, "dropout", name))
    keep = torch.rand(x.shape, generator=g, device=x.device) >= rate
    return x * keep.to(x.dtype) * (1 / (1 - rate))


def forward_layer(node, inputs, p, training, seed):
    """Runs `node` (a plan entry: type, attrs, name) on its input tensors."""
    kind, attrs, x = node["type"], node["attrs"], inputs[0] if inputs else None
    if kind == "conv2d":
        return conv(x, p["kernel"], p.get("bias"), attrs, attrs["groups"])
    if kind == "depthwise_conv2d":
        return conv(x, p["depthwise"], p.get("bias"), attrs, x.shape[1])
    if kind == "separable_conv2d":
        spatial = conv(x, p["depthwise"], None, attrs, x.shape[1])
        return F.conv2d(spatial, p["kernel"], p.get("bias"))
    if kind == "dense":
        return dense(x, p)
    if kind == "batch_norm":
        return batch_norm(x, p, attrs, training)
    if kind == "activation":
        return ACTIVATIONS[attrs["fn"]](x)
    if kind == "add":
        width = max(t.shape[1] for t in inputs)
        out = pad_channels(inputs[0], width)
        for t in inputs[1:]:
            out = out + pad_channels(t, width)
        return out
    if kind == "concat":
        return torch.cat(inputs, 1)
    if kind == "max_pool":
        return pool(x, attrs, "max")
    if kind == "avg_pool":
        return pool(x, attrs, "avg")
    if kind == "global_avg_pool":
        return x.mean((2, 3))
    if kind == "flatten":
        return x.permute(0, 2, 3, 1).reshape(x.shape[0], -1) if x.dim() == 4 else x
    if kind == "dropout":
        return dropout(x, attrs["rate"], training, seed, node["name"])
    if kind == "zero_pad":
        (top, bottom), (left, right) = attrs["pad"]
        return F.pad(x, (left, right, top, bottom))
    raise ValueError(f"unknown layer type '{kind}'")


def layer_macs(node, x, y) -> int:
    """src/engine/macs.ts on N×C×H×W tensors: per-image multiply-accumulates of convolutions and dense layers."""
    kind, attrs = node["type"], node["attrs"]
    cin, cout = x.shape[1], y.shape[1]
    positions = int(math.prod(y.shape[2:]))
    if kind == "conv2d":
        return positions * cout * attrs["kernel"][0] * attrs["kernel"][1] * cin // attrs["groups"]
    if kind == "depthwise_conv2d":
        return positions * cout * attrs["kernel"][0] * attrs["kernel"][1]
    if kind == "separable_conv2d":
        return positions * cin * attrs["multiplier"] * (attrs["kernel"][0] * attrs["kernel"][1] + cout)
    if kind == "dense":
        return positions * cin * cout
    return 0
