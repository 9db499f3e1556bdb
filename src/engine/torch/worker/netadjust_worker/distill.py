"""Knowledge distillation (Hinton et al. 2015) for the final retraining: a trained teacher, built from the model at its
own widths and loaded from a canonical weight file, runs in inference mode (batch-norm statistics, no channel drop)
on the same augmented batch as the student; the student learns from
(1 − α)·CE(labels, student) + α·T²·KL(softmax(teacher/T) ‖ softmax(student/T)).
"""
import torch
import torch.nn.functional as F

from .model import Network
from .protocol import RequestError
from .weights import load_weights


def plain_objective(smoothing: float):
    """The loss of ordinary training: cross-entropy with the run's label smoothing."""
    return lambda logits, labels, x: F.cross_entropy(logits.float(), labels, label_smoothing=smoothing)


class Distillation:
    def __init__(self, teacher: Network, weight: float, temperature: float, smoothing: float):
        if not 0 <= weight <= 1:
            raise RequestError(f"the distillation weight α must be in [0, 1], got {weight}")
        if not temperature > 0:
            raise RequestError(f"the distillation temperature must be positive, got {temperature}")
        self.teacher, self.weight, self.temperature, self.smoothing = teacher, weight, temperature, smoothing

    @staticmethod
    def load(options: dict, smoothing: float, runtime) -> "Distillation":
        teacher = Network(options["plan"], 0, runtime.device, runtime.channels_last)
        load_weights(teacher, options["weights"])
        for t in teacher.trainable:
            t.requires_grad_(False)
        return Distillation(teacher, float(options["weight"]), float(options["temperature"]), smoothing)

    def __call__(self, logits: torch.Tensor, labels: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        # no_grad rather than inference_mode: the teacher's probabilities are saved for the student's backward pass.
        with torch.no_grad():
            soft = self.teacher.forward(x, False, {}, 0).float()
        t, logits = self.temperature, logits.float()
        hard = F.cross_entropy(logits, labels, label_smoothing=self.smoothing)
        kl = F.kl_div(F.log_softmax(logits / t, 1), F.log_softmax(soft / t, 1), reduction="batchmean", log_target=True)
        return (1 - self.weight) * hard + self.weight * t * t * kl
