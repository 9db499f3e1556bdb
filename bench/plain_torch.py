"""The reference for the torch engine's training throughput: ResNet-20 for CIFAR-100 trained the way a PyTorch user
would write it (nn.Module, DataLoader over in-memory tensors, crop-and-flip on the batch, SGD), on the same CIFAR
binary file the engine reads, with the same batch size and threads. Prints one JSON line.

    python3 bench/plain_torch.py <train.bin> <images> <batch> <threads>
"""
import json
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.stride, self.extra = stride, cout - cin

    def forward(self, x):
        out = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        shortcut = F.avg_pool2d(x, 2) if self.stride > 1 else x
        if self.extra > 0:
            shortcut = F.pad(shortcut, (0, 0, 0, 0, 0, self.extra))
        return F.relu(out + shortcut)


class ResNet20(nn.Module):
    def __init__(self, classes=100):
        super().__init__()
        self.conv = nn.Conv2d(3, 16, 3, 1, 1, bias=False)
        self.bn = nn.BatchNorm2d(16)
        layers, cin = [], 16
        for width, stride in [(16, 1), (32, 2), (64, 2)]:
            for i in range(3):
                layers.append(Block(cin, width, stride if i == 0 else 1))
                cin = width
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(64, classes)

    def forward(self, x):
        x = self.layers(F.relu(self.bn(self.conv(x))))
        return self.fc(x.mean((2, 3)))


def augment(x):
    """Random 32×32 crop of the 4-pixel zero-padded batch and a random horizontal flip, per image."""
    padded = F.pad(x, (4, 4, 4, 4))
    dx, dy = torch.randint(0, 9, (2, x.shape[0]))
    out = torch.stack([padded[i, :, dy[i]:dy[i] + 32, dx[i]:dx[i] + 32] for i in range(x.shape[0])])
    flip = torch.rand(x.shape[0]) < 0.5
    return torch.where(flip.view(-1, 1, 1, 1), out.flip(3), out)


def main():
    path, images, batch, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    records = np.fromfile(path, np.uint8).reshape(-1, 2 + 3072)[:images]
    x = torch.from_numpy(records[:, 2:].reshape(-1, 3, 32, 32).astype(np.float32) / 255)
    x = (x - x.mean((0, 2, 3), keepdim=True)) / x.std((0, 2, 3), keepdim=True)
    y = torch.from_numpy(records[:, 1].astype(np.int64))
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=batch, shuffle=True)
    model = ResNet20()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.15, momentum=0.9, weight_decay=3e-4)
    model.train()
    seen, started = 0, None
    for i, (xb, yb) in enumerate(loader):
        loss = F.cross_entropy(model(augment(xb)), yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if i == 0:
            started = time.perf_counter()  # the first batch warms up (allocations, oneDNN primitives)
        else:
            seen += len(yb)
    print(json.dumps({"trainPerSecond": seen / (time.perf_counter() - started), "threads": threads, "batch": batch}))


main()
