"""Latency measurements for the latency budget: single layers at given channel counts (the op alone, through the
same forward code training runs: layers.forward_layer) and whole inference-mode forward passes of the built network,
on the worker's device, memory format and precision. Untimed warm-up passes first (kernel selection, caches, lazy
allocation); on an accelerator each timed pass is bracketed by synchronisation, as kernels run asynchronously.
"""
import math
import time

import numpy as np
import torch

from .layers import forward_layer
from .protocol import RequestError

TIMED_TYPES = ("conv2d", "depthwise_conv2d", "separable_conv2d", "dense")


def synchronise(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    elif device.type == "mps" and hasattr(torch, "mps"):
        torch.mps.synchronize()


def check_options(options: dict) -> tuple:
    batch, warmup, repeats = options.get("batchSize"), options.get("warmup"), options.get("repeats")
    if not (isinstance(batch, int) and batch >= 1 and isinstance(warmup, int) and warmup >= 0 and isinstance(repeats, int) and repeats >= 1):
        raise RequestError(f"timing needs a whole batchSize ≥ 1, warmup ≥ 0 and repeats ≥ 1, got {batch}, {warmup} and {repeats}")
    return batch, warmup, repeats


def time_passes(run, warmup: int, repeats: int, device: torch.device, ctx) -> list:
    """Milliseconds of each of `repeats` calls of `run`, after `warmup` untimed ones."""
    for _ in range(warmup):
        ctx.check_cancelled("timing")
        run()
    times = []
    for _ in range(repeats):
        ctx.check_cancelled("timing")
        synchronise(device)
        started = time.perf_counter()
        run()
        synchronise(device)
        times.append((time.perf_counter() - started) * 1000)
    return times


def random_tensor(shape, generator: torch.Generator, device: torch.device, channels_last: bool, scale: float = 1.0) -> torch.Tensor:
    t = (torch.randn(tuple(shape), generator=generator) * scale).to(device)
    return t.contiguous(memory_format=torch.channels_last) if channels_last and t.dim() == 4 else t


def layer_tensors(node: dict, cin: int, cout: int, generator, device, channels_last) -> dict:
    """Random weights of the layer at `cin` → `cout` channels, in the layouts model.layer_params gives them."""
    kind, attrs = node["type"], node["attrs"]

    def make(shape, fan_in):
        return random_tensor(shape, generator, device, channels_last, math.sqrt(2 / max(1, fan_in)))

    p = {}
    if kind == "conv2d":
        groups = attrs["groups"]
        if cin % groups or cout % groups:
            raise RequestError(f"cannot time layer '{node['name']}': {cin} → {cout} channels do not split into {groups} groups")
        kh, kw = attrs["kernel"]
        p["kernel"] = make((cout, cin // groups, kh, kw), kh * kw * cin // groups)
    elif kind in ("depthwise_conv2d", "separable_conv2d"):
        kh, kw = attrs["kernel"]
        m = attrs["multiplier"]
        p["depthwise"] = make((cin * m, 1, kh, kw), kh * kw)
        if kind == "separable_conv2d":
            p["kernel"] = make((cout, cin * m, 1, 1), cin * m)
    elif kind == "dense":
        p["kernel"] = make((cout, cin), cin)
    else:
        raise RequestError(f"cannot time layer '{node['name']}' of type '{kind}': only {', '.join(TIMED_TYPES)} layers are timed")
    if attrs.get("bias"):
        # A depthwise layer's output width is its input's times the multiplier, whatever outChannels says.
        p["bias"] = torch.zeros(cin * attrs["multiplier"] if kind == "depthwise_conv2d" else cout, device=device)
    return p


def time_layer(case: dict, batch: int, warmup: int, repeats: int, runtime, ctx) -> float:
    """Median milliseconds of the case's layer op on a random [batch, ...inputShape] input."""
    node = {"name": case["node"]["name"], "type": case["node"]["type"], "attrs": case["node"]["attrs"]}
    shape = [int(d) for d in case["inputShape"]]
    if len(shape) not in (1, 3) or min(shape) < 1:
        raise RequestError(f"cannot time layer '{node['name']}': its input shape must be [H, W, C] or [C], got {shape}")
    generator = torch.Generator().manual_seed(0)
    device, cl = runtime.device, runtime.channels_last
    p = layer_tensors(node, shape[-1], int(case["outChannels"]), generator, device, cl)
    x = random_tensor([batch, shape[2], shape[0], shape[1]] if len(shape) == 3 else [batch, shape[0]], generator, device, cl)
    with torch.inference_mode(), ctx.autocast():
        times = time_passes(lambda: forward_layer(node, [x], p, False, 0), warmup, repeats, device, ctx)
    return float(np.median(times))


def time_layers(cases: list, options: dict, runtime, ctx) -> list:
    batch, warmup, repeats = check_options(options)
    return [time_layer(case, batch, warmup, repeats, runtime, ctx) for case in cases]


def measure_latency(net, input_shape, options: dict, runtime, ctx) -> dict:
    """Quartiles of whole inference-mode forward passes on random normalised images ([H, W, C] `input_shape`)."""
    batch, warmup, repeats = check_options(options)
    h, w, c = (int(d) for d in input_shape)
    x = random_tensor([batch, c, h, w], torch.Generator().manual_seed(0), runtime.device, runtime.channels_last)
    with torch.inference_mode(), ctx.autocast():
        times = time_passes(lambda: net.forward(x, False, {}, 0), warmup, repeats, runtime.device, ctx)
    p25, median, p75 = (float(q) for q in np.percentile(times, [25, 50, 75]))
    return {"batchSize": batch, "medianMs": median, "p25Ms": p25, "p75Ms": p75}
