"""Feature maps for the pruning baselines (CHIP, HRel): the network's inference-mode outputs at the drop points of
some width variables (after conv → BN → activation, where FUR probes drop channels) for the first images of a split
in order, without augmentation, streamed into a safetensors file batch by batch so they are never held whole:
`<variable>` float32 [N, H, W, C] (channels-last, TensorFlow's order) or [N, C], and `labels` int32 [N].
"""
import numpy as np
import torch

from .protocol import RequestError
from .tensorfile import TensorFileWriter

LABELS = "labels"


def drop_point_layers(net, variables) -> dict:
    """Width variable → the layer whose output is its drop point, for each requested variable (repeats dropped)."""
    at = {variable: layer for layer, variable in net.drop_at.items()}
    unknown = [v for v in variables if v not in at]
    if unknown:
        raise RequestError(f"feature maps asked for {', '.join(repr(v) for v in unknown)}, which {'is not a width variable' if len(unknown) == 1 else 'are not width variables'} of the model")
    if LABELS in variables:
        raise RequestError(f"a width variable named '{LABELS}' cannot be saved: the file's '{LABELS}' tensor holds the labels")
    return {v: at[v] for v in dict.fromkeys(variables)}


def channels_last(y: torch.Tensor) -> np.ndarray:
    y = y.detach().float()
    return (y.permute(0, 2, 3, 1) if y.dim() == 4 else y).cpu().numpy()


def feature_maps(net, data, batch_size: int, variables, images: int, path: str, ctx) -> dict:
    layers = drop_point_layers(net, variables)
    count = min(int(images), data.count)
    if count <= 0:
        raise RequestError(f"feature maps need at least one image, but {images} were asked for from a split of {data.count}")
    writer = None
    try:
        with torch.inference_mode():
            for start in range(0, count, batch_size):
                ctx.check_cancelled("saving feature maps")
                index = torch.arange(start, min(start + batch_size, count), device=data.images.device)
                x, _ = data.get(index)
                _, kept = net.forward(x, False, {}, 0, keep=set(layers.values()))
                blocks = {v: channels_last(kept[layer]) for v, layer in layers.items()}
                if writer is None:
                    specs = [(v, "F32", (count,) + b.shape[1:]) for v, b in blocks.items()] + [(LABELS, "I32", (count,))]
                    writer = TensorFileWriter(path, specs)
                for v, block in blocks.items():
                    writer.write(v, block, start)
        writer.write(LABELS, data.labels[:count].cpu().numpy().astype(np.int32))
        writer.commit()
    except BaseException:
        if writer is not None:
            writer.abandon()
        raise
    return {"images": count}
