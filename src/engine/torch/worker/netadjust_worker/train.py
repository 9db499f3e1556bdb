"""The training loop, the same recipe as src/engine/tfjs/trainLoop.ts: per-epoch seeded batch order, cosine learning
rate per epoch, SGD (momentum, coupled weight decay on every parameter), the method's ramped channel dropout with
masks seeded per batch, optional crop-and-flip augmentation, progress per batch, cancellation between batches.
The loss is cross-entropy, or a distillation objective (distill.py) computed on the same batch.
"""
import math
import time

import torch

from .batches import augment_draws
from .distill import plain_objective
from .rng import batch_order, derive_seed


def cosine_learning_rate(high: float, low: float, epoch: int, epochs: int) -> float:
    """PyTorch's CosineAnnealingLR(T_max = epochs, eta_min) stepped once an epoch (sgd.ts)."""
    if epochs <= 0:
        return high
    return low + (high - low) * (1 + math.cos(math.pi * epoch / epochs)) / 2


def training_drop_rates(rate: float, epoch: int, epochs: int, layers) -> dict:
    """dropSchedule.ts: layer i of L at epoch e of E drops at r·(e/E)·((i+1)/L)."""
    progress = epoch / epochs if epochs > 0 else 0
    return {name: rate * progress * ((i + 1) / len(layers)) for i, name in enumerate(layers)}


def train(net, data, options: dict, augment: bool, ctx, objective=None) -> dict:
    """`objective(logits, labels, inputs)` is the loss; default cross-entropy with the run's label smoothing."""
    s = options["settings"]
    objective = objective or plain_objective(s["labelSmoothing"])
    epochs, seed = options["epochs"], options["seed"]
    started = time.perf_counter()
    optimizer = torch.optim.SGD(net.trainable, lr=s["learningRate"], momentum=s["momentum"], weight_decay=s["weightDecay"])
    scaler = ctx.grad_scaler()
    last = {"loss": 0.0, "accuracy": 0.0, "images": 0}
    for epoch in range(epochs):
        last = train_epoch(net, data, optimizer, scaler, objective, options, epoch, augment, ctx)
    return {**last, "epochs": epochs, "seconds": time.perf_counter() - started}


def train_epoch(net, data, optimizer, scaler, objective, options, epoch, augment, ctx) -> dict:
    s = options["settings"]
    epochs, seed, size = options["epochs"], options["seed"], s["batchSize"]
    rate = cosine_learning_rate(s["learningRate"], s["minLearningRate"], epoch, epochs)
    for group in optimizer.param_groups:
        group["lr"] = rate
    rates = training_drop_rates(s["trainDropRate"], epoch, epochs, options["dropLayers"])
    order = batch_order(data.count, size, seed, epoch)
    shifts = augment_draws(seed, epoch, data.count) if augment else None
    device = data.images.device
    loss_sum = torch.zeros((), dtype=torch.float64, device=device)
    correct = torch.zeros((), dtype=torch.int64, device=device)
    seen, started, reported = 0, time.perf_counter(), 0.0
    for b, indices in enumerate(order):
        ctx.check_cancelled("training")
        start = b * size
        part = None if shifts is None else tuple(a[start:start + len(indices)] for a in shifts)
        x, labels = data.get(torch.from_numpy(indices).to(device), part)
        with ctx.autocast():
            logits = net.forward(x, True, rates, derive_seed(seed, "masks", epoch, b))
            loss = objective(logits, labels, x)
        optimizer.zero_grad(set_to_none=True)
        if scaler is None:
            loss.backward()
            optimizer.step()
        else:
            scaler.scale(loss).backward()
            scaler.step(optimizer)
            scaler.update()
        loss_sum += loss.detach().double() * len(indices)
        correct += (logits.detach().argmax(1) == labels).sum()
        seen += len(indices)
        now = time.perf_counter()
        last = b == len(order) - 1
        # Reading a value back waits for the device: on a GPU, report a few times a second rather than every batch.
        if last or ctx.device.type == "cpu" or now - reported >= 0.2:
            reported = now
            ctx.progress({
                "epoch": epoch + 1, "epochs": epochs, "batch": b + 1, "batches": len(order),
                "loss": float(loss_sum) / seen, "accuracy": int(correct) / seen, "learningRate": rate,
                "imagesPerSecond": seen / (now - started) if now > started else 0.0, "epochEnd": last,
            })
    return {"loss": float(loss_sum) / seen if seen else 0.0, "accuracy": int(correct) / seen if seen else 0.0, "images": seen}
