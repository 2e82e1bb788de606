"""DiffAugment (Zhao et al. 2020): differentiable colour, translation and cutout applied to every image the
discriminator sees, real and generated alike, so a small data set or a short run does not let it memorise.

`draw_augmentation` draws the random parameters once, so a real and a generated batch can be augmented the
same way (discriminator feature matching compares them feature by feature)."""
from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F


@dataclass
class Augmentation:
    brightness: torch.Tensor   # [N,1,1,1] added
    saturation: torch.Tensor   # [N,1,1,1] multiplies the distance to the grey mean
    contrast: torch.Tensor     # [N,1,1,1] multiplies the distance to the image mean
    shift: torch.Tensor        # [N,2] integer pixel translation (x, y)
    cutout: torch.Tensor       # [N,2] integer top-left of the erased square


def draw_augmentation(n: int, size: int, generator: torch.Generator | None = None) -> Augmentation:
    def rand(*shape):
        return torch.rand(*shape, generator=generator)
    max_shift = size // 8
    cut = size // 2
    return Augmentation(
        brightness=(rand(n, 1, 1, 1) - 0.5),
        saturation=rand(n, 1, 1, 1) * 2,
        contrast=rand(n, 1, 1, 1) + 0.5,
        shift=torch.randint(-max_shift, max_shift + 1, (n, 2), generator=generator),
        cutout=torch.randint(0, size - cut + 1, (n, 2), generator=generator),
    )


def augment(x: torch.Tensor, aug: Augmentation) -> torch.Tensor:
    """x [N,3,H,W] in [-1,1] -> the same images, augmented (gradients flow through)."""
    n, _, h, w = x.shape
    dev, dt = x.device, x.dtype
    x = x + aug.brightness.to(dev, dt)
    grey = x.mean(dim=1, keepdim=True)
    x = (x - grey) * aug.saturation.to(dev, dt) + grey
    mean = x.mean(dim=(1, 2, 3), keepdim=True)
    x = (x - mean) * aug.contrast.to(dev, dt) + mean
    # translation with zero padding: sample through an index grid (differentiable w.r.t. x)
    ys = torch.arange(h, device=dev)[None, :] - aug.shift[:, 1:2].to(dev)
    xs = torch.arange(w, device=dev)[None, :] - aug.shift[:, 0:1].to(dev)
    inside = ((ys >= 0) & (ys < h))[:, None, :, None] & ((xs >= 0) & (xs < w))[:, None, None, :]
    ys, xs = ys.clamp(0, h - 1), xs.clamp(0, w - 1)
    rows = torch.arange(n, device=dev)[:, None, None]
    x = x.permute(0, 2, 3, 1)[rows, ys[:, :, None], xs[:, None, :]].permute(0, 3, 1, 2) * inside.to(dt)
    # cutout: one erased square of half the side
    cut = h // 2
    yy = torch.arange(h, device=dev)[None, :, None]
    xx = torch.arange(w, device=dev)[None, None, :]
    top, left = aug.cutout[:, 1, None, None].to(dev), aug.cutout[:, 0, None, None].to(dev)
    erased = (yy >= top) & (yy < top + cut) & (xx >= left) & (xx < left + cut)
    return x * (~erased)[:, None].to(dt)


__all__ = ["Augmentation", "draw_augmentation", "augment"]
