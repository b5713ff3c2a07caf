#!/usr/bin/env python3
"""PyTorch reference trainer for `pipeline parity` and the step-parity test.

Trains the pipeline's FCN-ResNet (dilated, output stride 8, torchvision's module and state-dict names) by a job's
recipe on a VOC-layout folder and scores it the way the pipeline does, so the two can be compared side by side:
SGD with momentum and weight decay, cosine annealing with warm restarts stepped at every batch (epoch + batch /
batches), random resized crop and horizontal flip, the block-wise transform of the job's key (or fmp's feature-map
permutation), ImageNet normalisation, cross-entropy ignoring 255, the weights of the lowest validation loss, and one
confusion matrix per evaluation (correct key, plain images, each incorrect key).

Batch order and dropout follow the pipeline's Trainer exactly: before each epoch's shuffle and each batch the
generators are seeded from (seed, epoch, batch) with the same mix, and libtorch's CPU generator gives the same
randperm and dropout masks in torch 1.13 and 2.x. The crop and flip are drawn from a generator of their own, so
with augmentation off (--no-augmentation) both sides see the same batches and the same dropout.

Prints one JSON object per line on stdout: {"event": "epoch", ...} after every epoch, then {"event": "result", ...} with
"training" and "evaluations" in the shape of the pipeline's metrics.json.
Works with torch 1.13 / torchvision 0.14 (Debian's) and torch 2.x: only APIs present in both are used.
"""
import argparse
import json
import math
import os
import sys
import time
import warnings

import numpy as np
import torch
import torch.nn.functional as F
import torchvision
import torchvision.transforms.functional as TF
from PIL import Image
from torch import nn
from torchvision.models import resnet
from torchvision.models._utils import IntermediateLayerGetter
from torchvision.models.segmentation.fcn import FCN, FCNHead

MEAN = (0.485, 0.456, 0.406)
STD = (0.229, 0.224, 0.225)
IGNORE = 255
AUX_WEIGHT = 0.5
CROP_SCALE = (0.08, 1.0)
CROP_RATIO = (3.0 / 4.0, 4.0 / 3.0)
STAGES = ("stem", "layer1", "layer2", "layer3", "layer4")
U64 = (1 << 64) - 1


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    d = p.add_argument_group("data (a VOC-layout folder: JPEGImages/<id>.jpg or .png, SegmentationClass/<id>.png, ImageSets/Segmentation/<list>.txt)")
    d.add_argument("--data", required=True)
    d.add_argument("--train-list", default="train")
    d.add_argument("--val-list", default=None, help="validation ids; without it --val-fraction of the train list is held out (seeded by --split-seed)")
    d.add_argument("--test-list", default="val")
    d.add_argument("--val-fraction", type=float, default=146 / 1464)
    d.add_argument("--split-seed", type=int, default=0)
    d.add_argument("--image-size", type=int, required=True)
    d.add_argument("--classes", type=int, required=True)
    m = p.add_argument_group("model")
    m.add_argument("--arch", default="fcn_resnet18", choices=sorted(ARCHS))
    m.add_argument("--aux-head", action="store_true")
    r = p.add_argument_group("recipe (the fields of the experiment's training section)")
    r.add_argument("--epochs", type=int, required=True)
    r.add_argument("--batch-size", type=int, required=True)
    r.add_argument("--lr", type=float, required=True)
    r.add_argument("--momentum", type=float, default=0.9)
    r.add_argument("--weight-decay", type=float, default=0.0)
    r.add_argument("--restart-epochs", type=int, default=None, help="T_0 of the warm restarts (default: epochs)")
    r.add_argument("--min-lr", type=float, default=0.0)
    r.add_argument("--seed", type=int, default=0)
    r.add_argument("--precision", default="fp32", choices=["fp32", "bf16"])
    r.add_argument("--channels-last", action="store_true")
    r.add_argument("--micro-batch", type=int, default=0, help="images per pass, gradients accumulated to the batch (0: the whole batch)")
    r.add_argument("--no-augmentation", action="store_true")
    e = p.add_argument_group("protection and evaluation")
    e.add_argument("--protection", help="JSON key material written by the pipeline (method, block size, correct and incorrect keys); none: plain")
    e.add_argument("--eval-batch-size", type=int, default=64)
    x = p.add_argument_group("run")
    x.add_argument("--device", default="cpu")
    x.add_argument("--threads", type=int, default=0, help="CPU threads (0: PyTorch's default)")
    x.add_argument("--save-initial", help="torch.save the initial weights here")
    x.add_argument("--save-final", help="torch.save the weights after the last step here")
    return p.parse_args(argv)


# --- model: the pipeline's FcnResNet (src/Pipeline.Method/Models/) built from torchvision's parts ---

class DilatedBasicBlock(nn.Module):
    """ResNet-18/34's block with dilation, which torchvision's BasicBlock refuses; same children and names."""
    expansion = 1

    def __init__(self, inplanes, planes, stride=1, downsample=None, groups=1, base_width=64, dilation=1, norm_layer=None):
        super().__init__()
        if groups != 1 or base_width != 64:
            raise ValueError("the basic block has one group of width 64")
        norm_layer = norm_layer or nn.BatchNorm2d
        self.conv1 = nn.Conv2d(inplanes, planes, 3, stride=stride, padding=dilation, dilation=dilation, bias=False)
        self.bn1 = norm_layer(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(planes, planes, 3, padding=dilation, dilation=dilation, bias=False)
        self.bn2 = norm_layer(planes)
        self.downsample = downsample
        self.stride = stride

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + identity)


# (block, blocks per stage, channels out of layer4 / layer3)
ARCHS = {
    "fcn_resnet18": (DilatedBasicBlock, [2, 2, 2, 2], 512, 256),
    "fcn_resnet34": (DilatedBasicBlock, [3, 4, 6, 3], 512, 256),
    "fcn_resnet50": (resnet.Bottleneck, [3, 4, 6, 3], 2048, 1024),
}


def build_model(arch, classes, aux_head=False):
    """torchvision's ResNet with layer3 and layer4 dilated (as its fcn_resnet50 builds it), its FCN heads."""
    block, layers, out_channels, aux_channels = ARCHS[arch]
    backbone = resnet.ResNet(block, layers, replace_stride_with_dilation=[False, True, True])
    returned = {"layer4": "out", "layer3": "aux"} if aux_head else {"layer4": "out"}
    body = IntermediateLayerGetter(backbone, return_layers=returned)
    return FCN(body, FCNHead(out_channels, classes), FCNHead(aux_channels, classes) if aux_head else None)


def permute_features(model, stages):
    """fmp: y[:, c] = x[:, perm[c]] after each named stage (stem = conv1, bn1, relu, maxpool); returns the hooks."""
    body = model.backbone
    after = {"stem": body.maxpool, "layer1": body.layer1, "layer2": body.layer2, "layer3": body.layer3, "layer4": body.layer4}
    hooks = []
    for stage, perm in stages.items():
        hooks.append(after[stage].register_forward_hook(lambda module, inputs, output, p=perm: output.index_select(1, p)))
    return hooks


# --- data ---

def read_list(folder, name):
    path = os.path.join(folder, "ImageSets", "Segmentation", name + ".txt")
    with open(path) as f:
        ids = [line.strip() for line in f if line.strip()]
    if not ids:
        raise ValueError(f"{path}: the list names no images")
    return ids


def read_split(folder, ids, size):
    """uint8 images N×3×S×S and masks N×S×S, resized as the pipeline's VOC loader does."""
    images, masks = [], []
    for i in ids:
        stem = os.path.join(folder, "JPEGImages", i)
        path = stem + ".png" if os.path.exists(stem + ".png") else stem + ".jpg"
        image = torch.from_numpy(np.array(Image.open(path).convert("RGB"))).permute(2, 0, 1)
        mask = torch.from_numpy(np.array(Image.open(os.path.join(folder, "SegmentationClass", i + ".png"))))
        if image.shape[1:] != (size, size):
            image = F.interpolate(image[None].float(), size=[size, size], mode="bilinear", align_corners=False)[0].round().clamp(0, 255).byte()
        if mask.shape != (size, size):  # nearest by pixel centres
            rows = ((torch.arange(size) + 0.5) * mask.shape[0] / size).long().clamp(max=mask.shape[0] - 1)
            cols = ((torch.arange(size) + 0.5) * mask.shape[1] / size).long().clamp(max=mask.shape[1] - 1)
            mask = mask[rows][:, cols]
        images.append(image)
        masks.append(mask)
    return torch.stack(images), torch.stack(masks)


def load_splits(a):
    train_ids = read_list(a.data, a.train_list)
    if a.val_list:
        val_ids = read_list(a.data, a.val_list)
    else:
        order = torch.randperm(len(train_ids), generator=torch.Generator().manual_seed(a.split_seed)).tolist()
        held = set(order[:int(math.floor(len(train_ids) * a.val_fraction + 0.5))])
        val_ids = [i for k, i in enumerate(train_ids) if k in held]
        train_ids = [i for k, i in enumerate(train_ids) if k not in held]
    return [read_split(a.data, ids, a.image_size) for ids in (train_ids, val_ids, read_list(a.data, a.test_list))]


# --- the image path: augmentation → block transform → normalisation ---

def mix(seed, epoch, batch):
    """The pipeline Trainer's seed of (seed, epoch, batch): a fixed 64-bit mix, then 63 bits."""
    z = ((seed & U64) * 0x9E3779B97F4A7C15 + ((epoch + 1) & U64) * 0xBF58476D1CE4E5B9 + ((batch + 2) & U64) * 0x94D049BB133111EB) & U64
    return (z ^ (z >> 31)) & 0x7FFFFFFFFFFFFFFF


def augment(images, masks, seed):
    """torchvision's RandomResizedCrop (scale 0.08–1, ratio 3/4–4/3) and a horizontal flip with probability 0.5 per
    sample; image bilinear, mask nearest. Drawn from a CPU generator seeded here and put back afterwards, so the
    global stream (dropout) is the one the batch's seed left."""
    saved = torch.get_rng_state()
    torch.default_generator.manual_seed(seed)
    size = [images.shape[-2], images.shape[-1]]
    out_images, out_masks = [], []
    try:
        for image, mask in zip(images, masks):
            top, left, h, w = torchvision.transforms.RandomResizedCrop.get_params(image, list(CROP_SCALE), list(CROP_RATIO))
            flip = bool(torch.rand(1) < 0.5)
            x = TF.resized_crop(image.float().div(255), top, left, h, w, size, TF.InterpolationMode.BILINEAR, antialias=False)
            y = TF.resized_crop(mask[None].float(), top, left, h, w, size, TF.InterpolationMode.NEAREST)
            out_images.append(TF.hflip(x) if flip else x)
            out_masks.append(TF.hflip(y) if flip else y)
    finally:
        torch.set_rng_state(saved)
    return torch.stack(out_images), torch.cat(out_masks).long()


def segment(x, m):
    n, c, h, w = x.shape
    return x.permute(0, 2, 3, 1).reshape(n, h // m, m, w // m, m, c).permute(0, 1, 3, 2, 4, 5).reshape(n, h // m, w // m, m * m * c)


def integrate(blocks, m):
    n, bh, bw, _ = blocks.shape
    return blocks.reshape(n, bh, bw, m, m, 3).permute(0, 1, 3, 2, 4, 5).reshape(n, bh * m, bw * m, 3).permute(0, 3, 1, 2)


class BlockTransform:
    """SHF, NP or FFX with one key's material, as the pipeline's BlockShuffle, NegativePositive and FfxTransform."""

    def __init__(self, method, block_size, key, lut, device):
        self.method, self.m = method, block_size
        self.perm = torch.tensor(key["permutation"], dtype=torch.long, device=device) if "permutation" in key else None
        self.selected = torch.tensor(key["selected"], dtype=torch.bool, device=device) if "selected" in key else None
        self.lut = torch.tensor(lut, dtype=torch.float32, device=device) if lut is not None else None

    def __call__(self, x):
        b = segment(x, self.m)
        if self.method == "shf":
            b = b[..., self.perm]
        elif self.method == "np":
            b = torch.where(self.selected, 1 - b, b)
        elif self.method == "ffx":
            v = b.clamp(0, 1).mul(255).floor()
            b = torch.where(self.selected, self.lut[v.long()], v).div(self.lut.max())
        else:
            raise ValueError(f"unknown block-wise method {self.method}")
        return integrate(b, self.m)


class Protection:
    """What one key does: a block-wise input transform, or fmp's feature permutation (hooks while attached)."""

    def __init__(self, material, key, device):
        self.transform = None
        self.stages = {}
        if material["method"] == "fmp":
            self.stages = {s: torch.tensor(p, dtype=torch.long, device=device) for s, p in key["stages"].items()}
        else:
            self.transform = BlockTransform(material["method"], material["block_size"], key, material.get("lut"), device)
        self.hooks = []

    def attach(self, model):
        self.hooks = permute_features(model, self.stages)

    def detach(self):
        for h in self.hooks:
            h.remove()
        self.hooks = []


class Plain:
    transform = None

    def attach(self, model):
        pass

    def detach(self):
        pass


def prepare(x, protection, mean, std, memory_format):
    if protection.transform is not None:
        x = protection.transform(x)
    return ((x - mean) / std).contiguous(memory_format=memory_format)


# --- training and scoring ---

def confusion_matrix(model, images, masks, protection, classes, a, ctx):
    model.eval()
    confusion = torch.zeros(classes * classes, dtype=torch.long, device=ctx.device)
    protection.attach(model)
    try:
        with torch.no_grad():
            for start in range(0, len(images), a.eval_batch_size):
                x = images[start:start + a.eval_batch_size].float().div(255)
                y = masks[start:start + a.eval_batch_size].long()
                with ctx.autocast():
                    pred = model(prepare(x, protection, ctx.mean, ctx.std, ctx.memory_format))["out"].argmax(1)
                keep = y != IGNORE
                confusion += torch.bincount(y[keep] * classes + pred[keep], minlength=classes * classes)
    finally:
        protection.detach()
    return confusion.view(classes, classes).cpu()


def scores(confusion):
    """Mean IoU over the classes whose union is not empty; pixel accuracy; per-class IoU (None where left out)."""
    c = confusion.double()
    tp, truth, predicted = c.diag(), c.sum(1), c.sum(0)
    union = truth + predicted - tp
    iou = [None if u == 0 else float(t / u) for t, u in zip(tp.tolist(), union.tolist())]
    present = [v for v in iou if v is not None]
    labelled = float(c.sum())
    return {
        "mean_iou": sum(present) / len(present) if present else float("nan"),
        "pixel_accuracy": float(tp.sum()) / labelled if labelled else float("nan"),
        "iou": iou,
        "confusion": confusion.tolist(),
    }


def incorrect_keys(results, material):
    """The incorrect keys' summary as metrics.json has it: population standard deviation, each run by its key's fingerprint."""
    values = [r["mean_iou"] for r in results]
    mean = sum(values) / len(values)
    return {"requested": material["incorrect_requested"], "evaluated": len(values), "mean": mean,
            "std": math.sqrt(sum((v - mean) ** 2 for v in values) / len(values)), "min": min(values), "max": max(values),
            "runs": [{"key_fingerprint": k.get("fingerprint"), "result": r} for k, r in zip(material["incorrect"], results)]}


def validation_loss(model, images, masks, protection, a, ctx):
    """Mean cross-entropy per labelled pixel, eval mode, no augmentation."""
    model.eval()
    total, pixels = 0.0, 0.0
    with torch.no_grad():
        for start in range(0, len(images), a.eval_batch_size):
            x = images[start:start + a.eval_batch_size].float().div(255)
            y = masks[start:start + a.eval_batch_size].long()
            with ctx.autocast():
                out = model(prepare(x, protection, ctx.mean, ctx.std, ctx.memory_format))["out"].float()
            labelled = float((y != IGNORE).sum())
            total += float(F.cross_entropy(out, y, ignore_index=IGNORE)) * labelled
            pixels += labelled
    return total / pixels if pixels else float("nan")


class Context:
    def __init__(self, a):
        self.device = torch.device(a.device)
        self.mean = torch.tensor(MEAN, device=self.device).view(1, 3, 1, 1)
        self.std = torch.tensor(STD, device=self.device).view(1, 3, 1, 1)
        self.memory_format = torch.channels_last if a.channels_last else torch.contiguous_format
        self.bf16 = a.precision == "bf16"

    def autocast(self):
        return torch.autocast(device_type=self.device.type, dtype=torch.bfloat16, enabled=self.bf16)

    def seed(self, value):
        torch.manual_seed(value)  # CPU and every CUDA generator


def train(model, train_split, val_split, protection, a, ctx, emit):
    images, masks = train_split
    n = len(images)
    batches = (n + a.batch_size - 1) // a.batch_size
    micro = a.micro_batch if a.micro_batch > 0 else a.batch_size
    opt = torch.optim.SGD(model.parameters(), lr=a.lr, momentum=a.momentum, weight_decay=a.weight_decay)
    schedule = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=a.restart_epochs or a.epochs, eta_min=a.min_lr)
    protection.attach(model)  # fmp trains with its permutation, as the pipeline does
    best, best_epoch, best_loss, history = None, 0, math.inf, []
    clock = time.perf_counter()
    try:
        for epoch in range(a.epochs):
            epoch_clock = time.perf_counter()
            model.train()
            ctx.seed(mix(a.seed, epoch, -1))
            order = torch.randperm(n).tolist()
            loss_sum = torch.zeros((), dtype=torch.float64, device=ctx.device)
            for batch in range(batches):
                schedule.step(epoch + batch / batches)  # the fractional epoch: the learning rate changes every batch
                index = order[batch * a.batch_size:(batch + 1) * a.batch_size]
                seed = mix(a.seed, epoch, batch)
                ctx.seed(seed)
                x_all, y_all = images[index], masks[index]
                if a.no_augmentation:
                    x_all, y_all = x_all.float().div(255), y_all.long()
                else:
                    x_all, y_all = augment(x_all, y_all, seed & 0x7FFFFFFF)
                opt.zero_grad(set_to_none=True)
                for start in range(0, len(index), micro):
                    x, y = x_all[start:start + micro], y_all[start:start + micro]
                    with ctx.autocast():
                        out = model(prepare(x, protection, ctx.mean, ctx.std, ctx.memory_format))
                        loss = F.cross_entropy(out["out"], y, ignore_index=IGNORE)
                        if "aux" in out:
                            loss = loss + AUX_WEIGHT * F.cross_entropy(out["aux"], y, ignore_index=IGNORE)
                    (loss * (len(x) / len(index))).backward()
                    loss_sum += loss.detach().double() * len(x)
                opt.step()
            train_loss = float(loss_sum) / n
            lr = opt.param_groups[0]["lr"]
            if not math.isfinite(train_loss):
                raise FloatingPointError(f"epoch {epoch + 1}: the training loss is {train_loss} at learning rate {lr}")
            val_loss = validation_loss(model, *val_split, protection, a, ctx)
            record = {"epoch": epoch + 1, "train_loss": train_loss, "validation_loss": val_loss, "learning_rate": lr,
                      "seconds": time.perf_counter() - epoch_clock}
            history.append(record)
            emit({"event": "epoch", **record})
            if val_loss < best_loss or best is None:
                best = {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}
                best_epoch, best_loss = epoch + 1, val_loss
    finally:
        protection.detach()
    seconds = time.perf_counter() - clock
    summary = {"epochs": a.epochs, "best_epoch": best_epoch, "best_validation_loss": best_loss, "seconds": seconds,
               "images_per_second": a.epochs * n / max(seconds, 1e-9), "device": str(ctx.device),
               "device_name": torch.cuda.get_device_name(ctx.device) if ctx.device.type == "cuda" else None,
               "precision": a.precision, "history": history}
    return best, summary


def main(argv=None):
    a = parse_args(argv)
    warnings.filterwarnings("ignore", category=UserWarning, module="torch.optim.lr_scheduler")
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    if a.image_size <= 0 or a.classes < 2 or a.epochs <= 0 or a.batch_size <= 0 or a.lr <= 0:
        raise ValueError("image size, epochs, batch size and lr must be positive, and there must be at least 2 classes")
    ctx = Context(a)
    if ctx.device.type == "cuda" and not torch.cuda.is_available():
        raise RuntimeError(f"device {a.device} requested but CUDA is not available")

    material = None
    if a.protection:
        with open(a.protection) as f:
            material = json.load(f)
        if material["method"] != "fmp" and a.image_size % material["block_size"]:
            raise ValueError(f"block size {material['block_size']} does not divide image size {a.image_size}")
    correct = Protection(material, material["correct"], ctx.device) if material else Plain()

    train_split, val_split, test_split = [tuple(t.to(ctx.device) for t in split) for split in load_splits(a)]
    for name, (_, m) in (("train", train_split), ("validation", val_split), ("test", test_split)):
        bad = m[(m >= a.classes) & (m != IGNORE)]
        if len(bad):
            raise ValueError(f"the {name} masks hold label {int(bad[0])}, outside 0..{a.classes - 1} and not {IGNORE}")

    ctx.seed(a.seed)
    model = build_model(a.arch, a.classes, a.aux_head)
    if a.save_initial:
        torch.save(model.state_dict(), a.save_initial)
    model = model.to(ctx.device).to(memory_format=ctx.memory_format)

    emit = lambda obj: print(json.dumps(obj), flush=True)
    best, training = train(model, train_split, val_split, correct, a, ctx, emit)
    if a.save_final:
        torch.save({k: v.detach().cpu() for k, v in model.state_dict().items()}, a.save_final)

    model.load_state_dict(best)
    evaluations = {}
    if material:
        evaluations["correct"] = scores(confusion_matrix(model, *test_split, correct, a.classes, a, ctx))
    evaluations["plain"] = scores(confusion_matrix(model, *test_split, Plain(), a.classes, a, ctx))
    if material and material.get("incorrect"):
        evaluations["incorrect"] = incorrect_keys(
            [scores(confusion_matrix(model, *test_split, Protection(material, k, ctx.device), a.classes, a, ctx)) for k in material["incorrect"]], material)
    emit({"event": "result", "torch_version": torch.__version__, "arch": a.arch, "seed": a.seed,
          "parameters": sum(p.numel() for p in model.parameters()), "training": training, "evaluations": evaluations})


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # the C# caller reads stderr and the exit code
        print(f"reference_train: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
