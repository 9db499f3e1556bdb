"""Where and how the worker computes: CUDA, then Apple MPS, then the CPU with every core it may use; channels-last
memory where it helps; float16 autocast on CUDA when asked for.
"""
import contextlib
import os
import platform

import torch


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # a container or taskset may allow fewer than the machine has
    except AttributeError:
        return os.cpu_count() or 1


def mps_available() -> bool:
    mps = getattr(torch.backends, "mps", None)
    return bool(mps is not None and mps.is_available())


class Runtime:
    def __init__(self, options: dict):
        wanted = (options.get("device") or "auto").lower()
        if wanted == "auto":
            kind = "cuda" if torch.cuda.is_available() else "mps" if mps_available() else "cpu"
            why = {"cuda": "a CUDA GPU is visible", "mps": "Apple MPS is available", "cpu": "no CUDA GPU or Apple MPS"}[kind]
        else:
            kind, why = wanted, "requested"
            if kind == "cuda" and not torch.cuda.is_available():
                raise RuntimeError("the CUDA device was requested, but this PyTorch sees no CUDA GPU")
            if kind == "mps" and not mps_available():
                raise RuntimeError("the MPS device was requested, but this PyTorch has no Apple MPS support")
        self.device = torch.device(kind)
        self.threads = torch.get_num_threads()
        if kind == "cpu":
            # Debian's build starts with one thread; the engine owns the machine while it trains.
            self.threads = int(options.get("threads") or usable_cores())
            torch.set_num_threads(self.threads)
        else:
            torch.backends.cudnn.benchmark = kind == "cuda"
        self.amp = bool(options.get("mixedPrecision")) and kind == "cuda"
        # Channels-last convolutions are faster with cuDNN tensor cores and with oneDNN on the CPU (measured in
        # bench/); MPS gains nothing from them.
        cl = options.get("channelsLast")
        self.channels_last = kind != "mps" if cl is None else bool(cl)
        self.why = why

    def autocast(self):
        return torch.autocast("cuda", dtype=torch.float16) if self.amp else contextlib.nullcontext()

    def grad_scaler(self):
        return torch.cuda.amp.GradScaler() if self.amp else None

    def describe(self) -> dict:
        name = torch.cuda.get_device_name(self.device) if self.device.type == "cuda" else platform.processor() or platform.machine()
        return {
            "device": self.device.type,
            "deviceName": name,
            "threads": self.threads,
            "mixedPrecision": self.amp,
            "channelsLast": self.channels_last,
            "torch": torch.__version__,
            "python": platform.python_version(),
            "why": self.why,
        }
