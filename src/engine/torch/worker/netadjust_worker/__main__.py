"""The PyTorch worker of netadjust's engine: `python -m netadjust_worker`, spoken to over stdin/stdout (protocol.py).

It holds one dataset and one network at a time and answers the Trainer interface of src/engine/trainer.ts:
hello, open, build, train (optionally distilling from a teacher), evaluate, probe, macs, saveWeights, loadWeights,
featureMaps, timeLayers, measureLatency, dispose, shutdown. Only settings, metrics and file paths cross the process
boundary; images and tensors stay here (weights and feature maps travel as safetensors files).
"""
import os
import sys

# Before anything else can print: frames go to a private copy of stdout, and fd 1 (print, warnings, C libraries)
# becomes stderr, which the engine forwards to its log.
_frames = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
os.dup2(2, 1)
sys.stdout = sys.stderr

import traceback  # noqa: E402

from .protocol import Cancelled, Channel, RequestContext, RequestError  # noqa: E402


class Worker:
    def __init__(self):
        self.runtime = None
        self.sets = {}
        self.net = None
        self.flip_and_crop = False
        self.batch_size = 128

    def hello(self, params, ctx):
        from .runtime import Runtime

        self.runtime = Runtime(params)
        return self.runtime.describe()

    def open(self, params, ctx):
        from .batches import Batches, channel_stats, held_out_count, normalisation_table
        from .data import load_dataset

        s = params["settings"]
        train, test, classes, self.flip_and_crop = load_dataset(params["dataset"], s["maxTrainImages"], s["maxTestImages"])
        mean, std = channel_stats(train.images)
        lut = normalisation_table(mean, std)
        rt = self.runtime
        full = Batches.of(train.images, train.labels, lut, rt.device, rt.channels_last)
        cut = full.count - held_out_count(full.count, s["heldOutFraction"])
        self.sets = {
            "full": full,
            "search": full.subset(0, cut),
            "heldout": full.subset(cut, full.count),
            "test": Batches.of(test.images, test.labels, lut, rt.device, rt.channels_last),
        }
        self.batch_size = s["batchSize"]
        return {
            "imageShape": list(train.images.shape[1:]),
            "classes": classes,
            "trainImages": cut,
            "heldOutImages": full.count - cut,
            "testImages": test.count,
            "mean": mean,
            "std": std,
        }

    def build(self, params, ctx):
        import torch

        from .model import Network

        self.net = None
        torch.manual_seed(params["seed"])
        self.net = Network(params["plan"], params["seed"], self.runtime.device, self.runtime.channels_last)
        return {"params": self.net.count_params()}

    def train(self, params, ctx):
        from .train import train

        net = self.ready()
        augment = self.flip_and_crop and params["settings"]["augment"]
        if not params.get("distill"):
            return train(net, self.sets[params["split"]], params, augment, ctx)
        from .distill import Distillation

        distillation = Distillation.load(params["distill"], params["settings"]["labelSmoothing"], self.runtime)
        try:
            return train(net, self.sets[params["split"]], params, augment, ctx, distillation)
        finally:
            # The teacher is needed only while this training runs. A failure's traceback keeps the training's frames
            # (and the objective in them) alive, so cut the teacher loose explicitly before giving memory back.
            distillation.teacher = None
            self.free_memory()

    def evaluate(self, params, ctx):
        from .probe import evaluate

        return evaluate(self.ready(), self.sets[params["split"]], self.batch_size, params.get("dropRates") or {}, params.get("seed", 0), ctx)

    def probe(self, params, ctx):
        from .probe import probe

        return probe(self.ready(), self.sets[params["split"]], self.batch_size, params["probes"], ctx, params.get("reuse", True))

    def macs(self, params, ctx):
        return {"macs": self.ready().count_macs(params["input"])}

    def saveWeights(self, params, ctx):
        from .weights import save_weights

        save_weights(self.ready(), params["path"])
        return {}

    def loadWeights(self, params, ctx):
        from .weights import load_weights

        load_weights(self.ready(), params["path"])
        return {}

    def featureMaps(self, params, ctx):
        from .features import feature_maps

        return feature_maps(self.ready(), self.sets["full"], self.batch_size, params["layers"], params["images"], params["path"], ctx)

    def timeLayers(self, params, ctx):
        from .timing import time_layers

        return {"ms": time_layers(params["cases"], params["options"], self.runtime, ctx)}

    def measureLatency(self, params, ctx):
        from .timing import measure_latency

        return measure_latency(self.ready(), params["input"], params["options"], self.runtime, ctx)

    def dispose(self, params, ctx):
        self.net, self.sets = None, {}
        self.free_memory()
        return {}

    def free_memory(self):
        import gc

        import torch

        gc.collect()
        if self.runtime is not None and self.runtime.device.type == "cuda":
            torch.cuda.empty_cache()

    def ready(self):
        if self.net is None:
            raise RuntimeError("no network built (call build() first)")
        return self.net


def error_of(e: BaseException) -> dict:
    from .data import DatasetError

    if isinstance(e, Cancelled):
        return {"type": "AbortError", "message": str(e)}
    if isinstance(e, DatasetError):
        return {"type": "DatasetError", "message": str(e), "file": e.file}
    if isinstance(e, RequestError):
        return {"type": "Error", "message": str(e)}
    text = f"{type(e).__name__}: {e}"
    if isinstance(e, MemoryError) or "out of memory" in text or "can't allocate memory" in text:
        return {"type": "OutOfMemory", "message": f"out of memory ({text})"}
    traceback.print_exception(type(e), e, e.__traceback__, file=sys.stderr)
    return {"type": "Error", "message": text}


def main() -> None:
    channel = Channel(sys.stdin, _frames)
    worker = Worker()
    while True:
        request = channel.requests.get()
        if request is None or request.get("method") == "shutdown":
            if request is not None:
                channel.send({"id": request["id"], "result": {}})
            break
        ctx = RequestContext(channel, request["id"], worker.runtime)
        handler = getattr(worker, request.get("method", ""), None)
        try:
            if handler is None or request["method"].startswith("_") or request["method"] == "ready":
                raise ValueError(f"unknown request '{request.get('method')}'")
            channel.send({"id": request["id"], "result": handler(request.get("params") or {}, ctx)})
        except Exception as e:  # every failure becomes an answer; the worker lives on for the next request
            channel.send({"id": request["id"], "error": error_of(e)})
        finally:
            channel.cancelled.discard(request["id"])


main()
