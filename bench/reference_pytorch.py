#!/usr/bin/env python3
"""PyTorch eager reference for `pipeline bench --reference-pytorch`.

Runs the same workload as the .NET benchmark (README, Performance): on-device augmentation,
block pixel shuffling (SHF), ImageNet normalisation, FCN forward/backward and an SGD step for training;
SHF, forward, argmax and a confusion-matrix update for evaluation. Prints one JSON object on stdout.
Works with torch 1.13 / torchvision 0.14 and torch 2.x, so only APIs present in both are used.
"""
import argparse
import json
import math
import sys
import time

import torch
import torch.nn.functional as F
import torchvision

MEAN = (0.485, 0.456, 0.406)
STD = (0.229, 0.224, 0.225)
KEY_SEED = 0  # any fixed key: throughput does not depend on which permutation is used


def parse_args():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--model", default="fcn_resnet50", choices=["fcn_resnet50", "fcn_resnet18", "fcn_resnet34"])
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--image-size", type=int, default=256)
    p.add_argument("--precision", default="bf16", choices=["bf16", "fp32"])
    p.add_argument("--device", default="cuda")
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--block-size", type=int, default=4)
    p.add_argument("--classes", type=int, default=21)
    p.add_argument("--channels-last", type=int, default=1, choices=[0, 1])
    p.add_argument("--threads", type=int, default=0, help="CPU threads (0: PyTorch's default)")
    return p.parse_args()


def build_model(name, classes):
    seg = torchvision.models.segmentation
    if name == "fcn_resnet50":
        try:
            return seg.fcn_resnet50(weights=None, weights_backbone=None, num_classes=classes, aux_loss=False)
        except TypeError:  # torchvision before the weights API
            return seg.fcn_resnet50(pretrained=False, pretrained_backbone=False, num_classes=classes, aux_loss=False)
    # torchvision has no fcn_resnet18/34. Its BasicBlock raises on dilation > 1, so these backbones keep
    # all their strides (output stride 32, not 8 as for ResNet-50): less compute than a dilated variant.
    ctor = getattr(torchvision.models, name.split("_")[1])
    try:
        backbone = ctor(weights=None, replace_stride_with_dilation=[False, False, False])
    except TypeError:
        backbone = ctor(pretrained=False, replace_stride_with_dilation=[False, False, False])
    from torchvision.models._utils import IntermediateLayerGetter
    body = IntermediateLayerGetter(backbone, return_layers={"layer4": "out"})
    return seg.fcn.FCN(body, seg.fcn.FCNHead(512, classes), None)


def augment(images, masks):
    """Per-sample random resized crop + horizontal flip as one batched affine warp (square images)."""
    n = images.shape[0]
    dev = images.device
    # torchvision's RandomResizedCrop draws area and log-aspect uniformly; retrying until the crop fits
    # would need host syncs, so the sides are clamped to the image instead.
    scale = torch.empty(n, device=dev).uniform_(0.08, 1.0)
    log_ratio = torch.empty(n, device=dev).uniform_(math.log(3 / 4), math.log(4 / 3))
    ratio = torch.exp(log_ratio)
    w = torch.sqrt(scale * ratio).clamp(max=1.0)  # crop sides as fractions of the image side
    h = torch.sqrt(scale / ratio).clamp(max=1.0)
    cx = (torch.rand(n, device=dev) * 2 - 1) * (1 - w)  # crop centre in [-1, 1] coordinates, inside the image
    cy = (torch.rand(n, device=dev) * 2 - 1) * (1 - h)
    flip = torch.where(torch.rand(n, device=dev) < 0.5, -1.0, 1.0)
    theta = torch.zeros(n, 2, 3, device=dev)
    theta[:, 0, 0] = w * flip
    theta[:, 0, 2] = cx
    theta[:, 1, 1] = h
    theta[:, 1, 2] = cy
    grid = F.affine_grid(theta, list(images.shape), align_corners=False)
    images = F.grid_sample(images, grid, mode="bilinear", padding_mode="border", align_corners=False)
    # Nearest keeps label values (including 255) intact.
    masks = F.grid_sample(masks.unsqueeze(1).float(), grid, mode="nearest", padding_mode="border", align_corners=False)
    return images, masks.squeeze(1).long()


def shuffle_blocks(x, perm, m):
    """SHF: segment NCHW into (N, H/M, W/M, M*M*3) block vectors, permute positions, integrate back."""
    n, c, h, w = x.shape
    blocks = (x.permute(0, 2, 3, 1).reshape(n, h // m, m, w // m, m, c)
              .permute(0, 1, 3, 2, 4, 5).reshape(n, h // m, w // m, m * m * c))
    blocks = blocks[..., perm]
    return (blocks.reshape(n, h // m, w // m, m, m, c).permute(0, 1, 3, 2, 4, 5)
            .reshape(n, h, w, c).permute(0, 3, 1, 2))


def main():
    a = parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)  # the same intra-op threads as the .NET side
    if a.image_size % a.block_size:
        raise ValueError(f"image size {a.image_size} is not a multiple of block size {a.block_size}")
    dev = torch.device(a.device)
    cuda = dev.type == "cuda"
    if cuda:
        if not torch.cuda.is_available():
            raise RuntimeError(f"device {a.device} requested but CUDA is not available")
        if dev.index is None:
            dev = torch.device("cuda", torch.cuda.current_device())
        torch.cuda.set_device(dev)
        torch.backends.cudnn.benchmark = True  # what a tuned eager run would use; fixed shapes throughout
    # The caller passes the precision its own side really used (bf16 only where the device's bf16 kernels agree with fp32).
    precision = a.precision
    memfmt = torch.channels_last if a.channels_last else torch.contiguous_format

    torch.manual_seed(KEY_SEED)
    perm = torch.randperm(a.block_size * a.block_size * 3).to(dev)  # key drawn on the CPU generator, as SecretKey does
    n, s, c = a.batch, a.image_size, a.classes
    images_u8 = torch.randint(0, 256, (n, 3, s, s), dtype=torch.uint8, device=dev)
    masks_u8 = torch.randint(0, c, (n, s, s), dtype=torch.uint8, device=dev)
    masks_u8[torch.rand(n, s, s, device=dev) < 0.05] = 255
    mean = torch.tensor(MEAN, device=dev).view(1, 3, 1, 1)
    std = torch.tensor(STD, device=dev).view(1, 3, 1, 1)

    model = build_model(a.model, c).to(dev).to(memory_format=memfmt)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=0.005)
    autocast = torch.autocast(device_type=dev.type, dtype=torch.bfloat16, enabled=precision == "bf16")

    def prepare(x):
        x = (shuffle_blocks(x, perm, a.block_size) - mean) / std
        return x.contiguous(memory_format=memfmt)

    def train_step():
        x, y = augment(images_u8.float().div_(255), masks_u8)
        with autocast:
            out = model(prepare(x))["out"]
            loss = F.cross_entropy(out, y, ignore_index=255)  # autocast runs it in fp32
        loss.backward()
        opt.step()
        opt.zero_grad(set_to_none=True)

    confusion = torch.zeros(c * c + 1, dtype=torch.long, device=dev)
    targets = masks_u8.long()
    # torch.bincount sizes its output from the data (a host sync on CUDA); scatter_add_ into a fixed
    # c*c+1 histogram (last bin collects ignored pixels) computes the same counts without one.
    ones = torch.ones(targets.numel(), dtype=torch.long, device=dev)

    def eval_step():
        with torch.no_grad(), autocast:
            pred = model(prepare(images_u8.float().div_(255)))["out"].argmax(1)
            idx = torch.where(targets == 255, torch.full_like(targets, c * c), targets * c + pred)
            confusion.scatter_add_(0, idx.reshape(-1), ones)

    def timed(step):
        for _ in range(a.warmup):
            step()
        if cuda:
            torch.cuda.synchronize()
            # Steady-state peak: leaves out cudnn.benchmark's trial workspaces from the warm-up.
            torch.cuda.reset_peak_memory_stats(dev)
        t0 = time.perf_counter()
        for _ in range(a.steps):
            step()
        if cuda:
            torch.cuda.synchronize()
        return (time.perf_counter() - t0) / a.steps

    model.train()
    train_s = timed(train_step)
    peak = torch.cuda.max_memory_allocated(dev) if cuda else None
    model.eval()
    eval_s = timed(eval_step)

    print(json.dumps({
        "implementation": "pytorch-eager",
        "torch_version": torch.__version__,
        "device": str(dev),
        "device_name": torch.cuda.get_device_name(dev) if cuda else "cpu",
        "model": a.model,
        "batch": n,
        "image_size": s,
        "precision": precision,
        "channels_last": bool(a.channels_last),
        "train_images_per_second": n / train_s,
        "train_step_ms": train_s * 1e3,
        "eval_images_per_second": n / eval_s,
        "eval_step_ms": eval_s * 1e3,
        "peak_memory_bytes": peak,
        "steps": a.steps,
        "warmup": a.warmup,
    }))


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # the C# caller reads stderr and the exit code
        print(f"reference_pytorch: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
