"""S2FGAN networks: encoders E_s / E_i (a latent r and a spatial structure code each), attribute mapping M
(S2F-DIS and S2F-DEC, one table of variants), StyleGAN2-style decoder, StyleGAN2-style discriminator with an
attribute head, and the photo -> sketch predictor behind the sketch-cycle loss.

Every module is written so that torch.onnx.export (opset 17) traces it into plain ops: modulated
convolutions scale activations instead of using grouped convolutions.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from .config import ModelConfig


def lrelu(x: torch.Tensor) -> torch.Tensor:
    return F.leaky_relu(x, 0.2)


class EqualLinear(nn.Module):
    """Linear layer with StyleGAN's equalised learning rate (weights scaled at run time)."""

    def __init__(self, n_in: int, n_out: int, bias_init: float = 0.0, lr_mul: float = 1.0):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(n_out, n_in) / lr_mul)
        self.bias = nn.Parameter(torch.full((n_out,), float(bias_init)))
        self.scale = lr_mul / math.sqrt(n_in)
        self.lr_mul = lr_mul

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.linear(x, self.weight * self.scale, self.bias * self.lr_mul)


class MLP(nn.Sequential):
    def __init__(self, n_in: int, n_hidden: int, n_out: int):
        super().__init__(EqualLinear(n_in, n_hidden), nn.LeakyReLU(0.2), EqualLinear(n_hidden, n_out))


# ---------------------------------------------------------------- encoders

class ResDown(nn.Module):
    def __init__(self, c_in: int, c_out: int):
        super().__init__()
        self.conv1 = nn.Conv2d(c_in, c_in, 3, padding=1)
        self.conv2 = nn.Conv2d(c_in, c_out, 3, padding=1)
        self.skip = nn.Conv2d(c_in, c_out, 1, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = F.avg_pool2d(self.conv2(lrelu(self.conv1(lrelu(x)))), 2)
        return (y + F.avg_pool2d(self.skip(x), 2)) / math.sqrt(2)


class Encoder(nn.Module):
    """Residual CNN with two heads. The structure head is a small spatial code (`structure_channels` maps at
    `structure_size`): where the lines are, which a single vector cannot keep. The latent head r pools every
    scale through small MLPs (the last, 4x4 scale flattened) for what has no place: identity, hair, age, style."""

    def __init__(self, cfg: ModelConfig, in_channels: int):
        super().__init__()
        ch = cfg.encoder_channels
        self.stem = nn.Conv2d(in_channels, ch[0], 3, padding=1)
        self.blocks = nn.ModuleList(ResDown(ch[i], ch[i + 1]) for i in range(len(ch) - 1))
        self.heads = nn.ModuleList(MLP(c, cfg.latent_dim, cfg.latent_dim) for c in ch[:-1])
        self.last_head = MLP(ch[-1] * 16, cfg.latent_dim, cfg.latent_dim)
        self.refine = MLP(cfg.latent_dim, cfg.latent_dim, cfg.latent_dim)
        expected = cfg.resolution // 2 ** (len(ch) - 1)
        if expected != 4:
            raise ValueError(f"{cfg.name}: encoder must end at 4x4, ends at {expected}")
        self.structure_after = int(math.log2(cfg.resolution // cfg.structure_size)) - 1   # block index
        c = ch[self.structure_after + 1]
        self.structure_head = nn.Sequential(nn.Conv2d(c, c, 3, padding=1), nn.LeakyReLU(0.2),
                                            nn.Conv2d(c, cfg.structure_channels, 1))

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(latent r [N, latent_dim], structure [N, structure_channels, structure_size, structure_size])"""
        h = self.stem(x)
        summed = 0
        structure = None
        for i, (block, head) in enumerate(zip(self.blocks, self.heads)):
            summed = summed + head(lrelu(h).mean(dim=(2, 3)))
            h = block(h)
            if i == self.structure_after:
                structure = self.structure_head(lrelu(h))
        summed = summed + self.last_head(lrelu(h).flatten(1))
        return self.refine(lrelu(summed)), structure


# ---------------------------------------------------------------- attribute mapping

class AttributeMapping(nn.Module):
    """What both variants share: the latent attribute classifier of the official S2F-DIS formulation (unit
    directions w_j with r . w_j + b_j ~ 2 l_j - 1, a training loss that keeps attributes linearly readable
    from r), and the calibration of the sliders.

    The calibration is two buffers, kept as running class means during training and recomputed from training
    ids by `calibrate.py`: `latent_offsets[j]`, the mean latent of faces with attribute j minus the mean of
    faces without it, and `structure_offsets[j]`, the same for the structure codes. One slider unit is that
    gap: +1 takes a face that has not the attribute to where faces that have it are, and the structure offset
    lets an edit move geometry too (a smile's mouth corners)."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        n_attr, d, s = len(cfg.attributes), cfg.latent_dim, cfg.structure_size
        self.directions = nn.Parameter(torch.randn(n_attr, d))
        self.classifier_bias = nn.Parameter(torch.zeros(n_attr))
        self.register_buffer("latent_offsets", torch.zeros(n_attr, d))
        self.register_buffer("structure_offsets", torch.zeros(n_attr, cfg.structure_channels, s, s))

    def unit_directions(self) -> torch.Tensor:
        return F.normalize(self.directions, dim=1)

    def classify(self, r: torch.Tensor) -> torch.Tensor:
        """Latent attribute scores, about -1 (has not) .. +1 (has)."""
        return r @ self.unit_directions().t() + self.classifier_bias

    def slider_units(self) -> torch.Tensor:
        """The length of one slider unit per attribute: the distance between the class means."""
        return self.latent_offsets.norm(dim=1)

    def slider_scores(self, r: torch.Tensor) -> torch.Tensor:
        """Where r lies along each attribute's class-mean direction, in latent units."""
        return r @ F.normalize(self.latent_offsets, dim=1).t()

    def edit_structure(self, structure: torch.Tensor, a: torch.Tensor) -> torch.Tensor:
        return structure + torch.einsum("na,achw->nchw", a, self.structure_offsets)

    def forward(self, r: torch.Tensor, structure: torch.Tensor, a: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return self.edit_latent(r, a), self.edit_structure(structure, a)

    def edit_latent(self, r: torch.Tensor, a: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError


class MappingDIS(AttributeMapping):
    """S2F-DIS (Lemma 3.1): r' = r + sum_j a_j w_j, with w_j the calibrated class-mean difference of attribute j."""

    def edit_latent(self, r: torch.Tensor, a: torch.Tensor) -> torch.Tensor:
        return r + a @ self.latent_offsets


class MappingDEC(AttributeMapping):
    """S2F-DEC (Lemma 3.2):
    b = delta(concat(e*a, r)), c = Norm(f1(b)), r' = r + f2(c c^T f3(b)) + f4(concat(e*a, r)).
    c holds `dec_components` unit directions (columns) of a per-sample subspace; c c^T projects onto it.
    Trained calibrated (losses.decom_loss): along each class-mean direction an edit of a_j moves r by a_j slider
    units, with a latent cycle and the identity at a = 0.
    The residual form (r + ...) makes a zero edit start at the identity."""

    def __init__(self, cfg: ModelConfig):
        super().__init__(cfg)
        n_attr, d, k, e = len(cfg.attributes), cfg.latent_dim, cfg.dec_components, cfg.dec_embed_dim
        self.k = k
        self.embed = nn.Parameter(torch.randn(n_attr, e))
        n_cat = n_attr * e + d
        self.delta = MLP(n_cat, d, d)
        self.f1 = EqualLinear(d, d * k)
        self.f2 = EqualLinear(d, d)
        self.f3 = EqualLinear(d, d)
        self.f4 = EqualLinear(n_cat, d)

    def edit_latent(self, r: torch.Tensor, a: torch.Tensor) -> torch.Tensor:
        ea = (a.unsqueeze(2) * self.embed.unsqueeze(0)).flatten(1)
        cat = torch.cat([ea, r], dim=1)
        b = lrelu(self.delta(cat))
        c = F.normalize(self.f1(b).view(-1, r.shape[1], self.k), dim=1)        # [N, d, k]
        coeff = torch.bmm(c.transpose(1, 2), self.f3(b).unsqueeze(2))          # c^T f3(b): [N, k, 1]
        projected = torch.bmm(c, coeff).squeeze(2)                             # c c^T f3(b): [N, d]
        return r + self.f2(projected) + self.f4(cat)


@dataclass(frozen=True)
class Variant:
    name: str
    mapping: type[AttributeMapping]
    summary: str


VARIANTS = {v.name: v for v in (
    Variant("dis", MappingDIS, "S2F-DIS: r' = r + sum a_j w_j along calibrated attribute directions"),
    Variant("dec", MappingDEC, "S2F-DEC: a learned, calibrated decomposition r' = M(r, a)"),
)}


def get_variant(name: str) -> Variant:
    if name not in VARIANTS:
        raise ValueError(f"unknown variant {name!r}; choose one of {sorted(VARIANTS)}")
    return VARIANTS[name]


# ---------------------------------------------------------------- decoder

class ModulatedConv(nn.Module):
    """StyleGAN2 weight-demodulated convolution, computed by modulating the activations:
    conv(x * s, W) * d  ==  conv(x, W * s) demodulated, without grouped convolutions."""

    def __init__(self, c_in: int, c_out: int, k: int, style_dim: int, demodulate: bool = True):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(c_out, c_in, k, k))
        self.scale = 1 / math.sqrt(c_in * k * k)
        self.affine = EqualLinear(style_dim, c_in, bias_init=1.0)
        self.demodulate = demodulate
        self.padding = k // 2

    def forward(self, x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
        s = self.affine(w)                                                     # [N, c_in]
        weight = self.weight * self.scale
        out = F.conv2d(x * s[:, :, None, None], weight, padding=self.padding)
        if self.demodulate:
            wsq = (weight ** 2).sum(dim=(2, 3))                                # [c_out, c_in]
            d = torch.rsqrt((s ** 2) @ wsq.t() + 1e-8)                         # [N, c_out]
            out = out * d[:, :, None, None]
        return out


class StyledLayer(nn.Module):
    def __init__(self, c_in: int, c_out: int, style_dim: int, upsample: bool):
        super().__init__()
        self.upsample = upsample
        self.conv = ModulatedConv(c_in, c_out, 3, style_dim)
        self.bias = nn.Parameter(torch.zeros(1, c_out, 1, 1))

    def forward(self, x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
        if self.upsample:
            x = F.interpolate(x, scale_factor=2.0, mode="nearest")
        return lrelu(self.conv(x, w) + self.bias) * math.sqrt(2)


class ToRGB(nn.Module):
    def __init__(self, c_in: int, style_dim: int):
        super().__init__()
        self.conv = ModulatedConv(c_in, 3, 1, style_dim, demodulate=False)
        self.bias = nn.Parameter(torch.zeros(1, 3, 1, 1))

    def forward(self, x: torch.Tensor, w: torch.Tensor, skip: torch.Tensor | None) -> torch.Tensor:
        rgb = self.conv(x, w) + self.bias
        if skip is not None:
            rgb = rgb + F.interpolate(skip, scale_factor=2.0, mode="bilinear", align_corners=False)
        return rgb


class Decoder(nn.Module):
    """StyleGAN2-style generator. A learned constant at the coarsest scale, modulated by the style of r',
    is upsampled to the structure's scale, where the structure code joins it; from there every layer is
    modulated by r'. Above the input resolution each scale has one layer only: the detail of the sharper
    output, at little cost."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        res = sorted(cfg.decoder_channels)
        ch = cfg.decoder_channels
        if res[0] * 2 != cfg.structure_size or res[-1] != cfg.output_resolution:
            raise ValueError(f"{cfg.name}: decoder scales must run from structure_size / 2 to output_resolution")
        self.style = MLP(cfg.latent_dim, cfg.style_dim, cfg.style_dim)
        self.const = nn.Parameter(torch.randn(1, ch[res[0]], res[0], res[0]))
        self.first = StyledLayer(ch[res[0]], ch[res[0]], cfg.style_dim, upsample=False)
        self.first_rgb = ToRGB(ch[res[0]], cfg.style_dim)
        self.structure_in = nn.Conv2d(cfg.structure_channels, ch[cfg.structure_size], 3, padding=1)
        self.ups = nn.ModuleList()
        self.convs = nn.ModuleList()
        self.rgbs = nn.ModuleList()
        for lo, hi in zip(res[:-1], res[1:]):
            self.ups.append(StyledLayer(ch[lo], ch[hi], cfg.style_dim, upsample=True))
            self.convs.append(StyledLayer(ch[hi], ch[hi], cfg.style_dim, upsample=False)
                              if hi <= cfg.resolution else nn.Identity())
            self.rgbs.append(ToRGB(ch[hi], cfg.style_dim))
        self.structure_joins_after = res.index(cfg.structure_size) - 1   # index of the up layer that reaches it

    def forward(self, r: torch.Tensor, structure: torch.Tensor) -> torch.Tensor:
        w = self.style(r)
        x = self.first(self.const.expand(r.shape[0], -1, -1, -1), w)
        rgb = self.first_rgb(x, w, None)
        for i, (up, conv, to_rgb) in enumerate(zip(self.ups, self.convs, self.rgbs)):
            x = up(x, w)
            if i == self.structure_joins_after:
                x = x + lrelu(self.structure_in(structure))
            x = conv(x, w) if isinstance(conv, StyledLayer) else x
            rgb = to_rgb(x, w, rgb)
        return rgb


class Generator(nn.Module):
    """Everything that is served: E_s, E_i, M and D."""

    def __init__(self, cfg: ModelConfig, variant: str):
        super().__init__()
        self.cfg, self.variant = cfg, variant
        self.sketch_encoder = Encoder(cfg, 1)
        self.image_encoder = Encoder(cfg, 3)
        self.mapping = get_variant(variant).mapping(cfg)
        self.decoder = Decoder(cfg)

    def render(self, r: torch.Tensor, structure: torch.Tensor, a: torch.Tensor) -> torch.Tensor:
        return self.decoder(*self.mapping(r, structure, a))


def downsample_to(images: torch.Tensor, size: int) -> torch.Tensor:
    """Area-average an image batch down to `size` (the discriminator and the encoders work at the input size)."""
    factor = images.shape[-1] // size
    return images if factor == 1 else F.avg_pool2d(images, factor)


class SketchPredictor(nn.Module):
    """Photo -> ink logits of its clean sketch: a small U-Net trained here on the synthesised sketches, never
    pretrained. The sketch-cycle loss asks that a generated face, read by it, shows the truth's lines."""

    def __init__(self, channels: tuple[int, int, int] = (16, 32, 64)):
        super().__init__()
        a, b, c = channels
        self.down1 = nn.Conv2d(3, a, 3, padding=1)
        self.down2 = nn.Conv2d(a, b, 3, stride=2, padding=1)
        self.down3 = nn.Conv2d(b, c, 3, stride=2, padding=1)
        self.up2 = nn.Conv2d(c + b, b, 3, padding=1)
        self.up1 = nn.Conv2d(b + a, a, 3, padding=1)
        self.out = nn.Conv2d(a, 1, 1)

    def forward(self, photo: torch.Tensor) -> torch.Tensor:
        h1 = lrelu(self.down1(photo))
        h2 = lrelu(self.down2(h1))
        h3 = lrelu(self.down3(h2))
        u2 = lrelu(self.up2(torch.cat([F.interpolate(h3, scale_factor=2.0), h2], 1)))
        u1 = lrelu(self.up1(torch.cat([F.interpolate(u2, scale_factor=2.0), h1], 1)))
        return self.out(u1)


# ---------------------------------------------------------------- discriminators

class Discriminator(nn.Module):
    """StyleGAN2-style residual discriminator with an attribute head; returns features for matching."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        ch = cfg.encoder_channels
        self.stem = nn.Conv2d(3, ch[0], 1)
        self.blocks = nn.ModuleList(ResDown(ch[i], ch[i + 1]) for i in range(len(ch) - 1))
        self.final_conv = nn.Conv2d(ch[-1] + 1, ch[-1], 3, padding=1)
        self.final = EqualLinear(ch[-1] * 16, ch[-1])
        self.real_fake = EqualLinear(ch[-1], 1)
        self.attributes = EqualLinear(ch[-1], len(cfg.attributes))

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, list[torch.Tensor]]:
        h = lrelu(self.stem(x))
        features = []
        for block in self.blocks:
            h = block(h)
            features.append(h)
        std = torch.sqrt(h.float().var(dim=0, unbiased=False) + 1e-8).mean().to(h.dtype)
        h = torch.cat([h, std.expand(h.shape[0], 1, h.shape[2], h.shape[3])], dim=1)
        h = lrelu(self.final_conv(h))
        h = lrelu(self.final(h.flatten(1)))
        return self.real_fake(h).squeeze(1), self.attributes(h), features
