"""Evaluation and FUR probes: batch norm in inference mode, channel drops with masks seeded by (probe seed, batch
index) exactly as evaluateLoop.ts seeds them, mean cross-entropy without label smoothing, accuracy.

Probes that reuse computation: dropping the channels of layer l changes nothing upstream of l, so one clean pass
per held-out batch keeps the activations every probe starts from, and each probe recomputes only the layers
downstream of its drop points. Same masks, same arithmetic on the same inputs, so the same losses as full passes.
"""
import torch
import torch.nn.functional as F

from .rng import derive_seed


class Metrics:
    """Sums kept on the device, so a GPU is not made to wait for every batch of every probe."""

    def __init__(self):
        self.loss = None
        self.correct = None
        self.images = 0

    def add(self, logits: torch.Tensor, labels: torch.Tensor) -> None:
        logits = logits.float()
        loss = F.cross_entropy(logits, labels, reduction="sum").double()
        correct = (logits.argmax(1) == labels).sum()
        self.loss = loss if self.loss is None else self.loss + loss
        self.correct = correct if self.correct is None else self.correct + correct
        self.images += labels.shape[0]

    def result(self) -> dict:
        n = self.images
        if not n:
            return {"loss": 0.0, "accuracy": 0.0, "images": 0}
        return {"loss": float(self.loss) / n, "accuracy": int(self.correct) / n, "images": n}


def batches(data, batch_size: int):
    for b, start in enumerate(range(0, data.count, batch_size)):
        index = torch.arange(start, min(start + batch_size, data.count), device=data.images.device)
        yield b, data.get(index)


def evaluate(net, data, batch_size: int, rates: dict, seed: int, ctx) -> dict:
    """One full pass over `data` in index order (what Trainer.evaluate means)."""
    metrics = Metrics()
    with torch.inference_mode(), ctx.autocast():
        for b, (x, labels) in batches(data, batch_size):
            ctx.check_cancelled("evaluation")
            metrics.add(net.forward(x, False, rates, derive_seed(seed, "eval", b)), labels)
    return metrics.result()


class ProbePlan:
    """Which layers one probe recomputes, and which clean activations it starts from."""

    def __init__(self, net, rates: dict):
        self.rates = {v: r for v, r in rates.items() if r > 0}
        dropped = {name for name, v in net.drop_at.items() if v in self.rates}
        dirty = set()
        self.steps = []  # (node, start from the clean value of this very layer)
        self.needs = set()
        for node in net.layers:
            name = node["name"]
            upstream = [i for i in node["inputs"] if i in dirty]
            if name in dropped or upstream:
                dirty.add(name)
                from_clean = not upstream
                self.steps.append((node, from_clean))
                self.needs.update([name] if from_clean else [i for i in node["inputs"] if i not in dirty])
        self.logits_dirty = net.logits in dirty
        # Recomputed activations are freed after their last reader, as in a full inference pass: holding them all
        # makes the allocator fetch fresh (page-faulting) memory for every probe.
        self.uses = {net.logits: 1}
        for node, from_clean in self.steps:
            for i in ([] if from_clean else node["inputs"]):
                if i in dirty:
                    self.uses[i] = self.uses.get(i, 0) + 1

    def run(self, net, clean: dict, clean_logits, seed: int):
        if not self.logits_dirty:
            return clean_logits
        values, left = {}, dict(self.uses)
        for node, from_clean in self.steps:
            name = node["name"]
            if from_clean:
                values[name] = net.run_on(node, clean[name], self.rates, seed)
                continue
            values[name] = net.run(node, _Lookup(values, clean), False, self.rates, seed)
            for i in node["inputs"]:
                if i in left:
                    left[i] -= 1
                    if left[i] == 0:
                        del values[i]
        return values[net.logits]


class _Lookup:
    """Recomputed activations first, clean ones for everything upstream."""

    def __init__(self, values: dict, clean: dict):
        self.values, self.clean = values, clean

    def __getitem__(self, name):
        return self.values[name] if name in self.values else self.clean[name]


def probe(net, data, batch_size: int, probes: list, ctx, reuse: bool = True) -> list:
    """Metrics per probe ({dropRates, seed}); equal to evaluate() of each, at a fraction of the cost with reuse."""
    if not reuse:
        return [evaluate(net, data, batch_size, p["dropRates"], p["seed"], ctx) for p in probes]
    plans = [ProbePlan(net, p["dropRates"]) for p in probes]
    keep = set().union(*(p.needs for p in plans)) if plans else set()
    metrics = [Metrics() for _ in probes]
    total = (data.count + batch_size - 1) // batch_size
    with torch.inference_mode(), ctx.autocast():
        for b, (x, labels) in batches(data, batch_size):
            ctx.check_cancelled("evaluation")
            logits, clean = net.forward(x, False, {}, 0, keep=keep)
            for p, plan, m in zip(probes, plans, metrics):
                m.add(plan.run(net, clean, logits, derive_seed(p["seed"], "eval", b)), labels)
            del clean
            ctx.progress({"batch": b + 1, "batches": total, "first": metrics[0].result() if metrics else None})
    return [m.result() for m in metrics]
