"""S2FGAN networks: encoders E_s / E_i, attribute mapping M (S2F-DIS and S2F-DEC), StyleGAN2-style
decoder D, StyleGAN2-style discriminator with an attribute head, and the latent domain discriminator.

Every module is written so that torch.onnx.export (opset 17) traces it into plain ops: modulated
convolutions scale activations instead of using grouped convolutions.
"""
from __future__ import annotations

import math

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
    """Residual CNN; features pooled at every scale go through small MLPs, are summed, refined into r.
    The last (4x4) scale is flattened rather than averaged: where a line is matters for a sketch, and a
    spatial mean would throw that away."""

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

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.stem(x)
        summed = 0
        for block, head in zip(self.blocks, self.heads):
            summed = summed + head(lrelu(h).mean(dim=(2, 3)))
            h = block(h)
        summed = summed + self.last_head(lrelu(h).flatten(1))
        return self.refine(lrelu(summed))


# ---------------------------------------------------------------- attribute mapping

class MappingDIS(nn.Module):
    """S2F-DIS (Lemma 3.1): r' = r + sum_j a_j w_j with learned, near-orthogonal directions w_j."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.W = nn.Parameter(torch.randn(len(cfg.attributes), cfg.latent_dim) * 0.05)  # edits start small

    def forward(self, r: torch.Tensor, a: torch.Tensor) -> torch.Tensor:
        return r + a @ self.W

    def ortho_loss(self) -> torch.Tensor:
        """|W_n W_n^T - I|^2 on unit-normalised directions: orthogonal, with free lengths."""
        wn = F.normalize(self.W, dim=1)
        gram = wn @ wn.t()
        return ((gram - torch.eye(gram.shape[0], device=gram.device)) ** 2).sum() / gram.shape[0]


class MappingDEC(nn.Module):
    """S2F-DEC (Lemma 3.2):
    b = delta(concat(e*a, r)), c = Norm(f1(b)), r' = f2(c c^T f3(b)) + f4(concat(e*a, r)).
    c holds `dec_components` unit directions (columns) of a per-sample subspace; c c^T projects onto it.
    """

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        n_attr, d, k, e = len(cfg.attributes), cfg.latent_dim, cfg.dec_components, cfg.dec_embed_dim
        self.k = k
        self.embed = nn.Parameter(torch.randn(n_attr, e))
        n_cat = n_attr * e + d
        self.delta = MLP(n_cat, d, d)
        self.f1 = EqualLinear(d, d * k)
        self.f2 = EqualLinear(d, d)
        self.f3 = EqualLinear(d, d)
        self.f4 = EqualLinear(n_cat, d)
        self.classifier = EqualLinear(d, n_attr)     # latent attribute classifier used by L_decom

    def forward(self, r: torch.Tensor, a: torch.Tensor) -> torch.Tensor:
        ea = (a.unsqueeze(2) * self.embed.unsqueeze(0)).flatten(1)
        cat = torch.cat([ea, r], dim=1)
        b = lrelu(self.delta(cat))
        c = F.normalize(self.f1(b).view(-1, r.shape[1], self.k), dim=1)        # [N, d, k]
        coeff = torch.bmm(c.transpose(1, 2), self.f3(b).unsqueeze(2))          # c^T f3(b): [N, k, 1]
        projected = torch.bmm(c, coeff).squeeze(2)                             # c c^T f3(b): [N, d]
        return self.f2(projected) + self.f4(cat)


def make_mapping(cfg: ModelConfig, variant: str) -> nn.Module:
    if variant == "dis":
        return MappingDIS(cfg)
    if variant == "dec":
        return MappingDEC(cfg)
    raise ValueError(f"unknown variant {variant!r}; choose dis or dec")


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
            x = F.interpolate(x, scale_factor=2.0, mode="bilinear", align_corners=False)
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
    """StyleGAN2-style generator from a learned constant; the (edited) latent r' is the style code."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        res = sorted(cfg.decoder_channels)
        ch = cfg.decoder_channels
        self.style = MLP(cfg.latent_dim, cfg.style_dim, cfg.style_dim)
        self.const = nn.Parameter(torch.randn(1, ch[4], 4, 4))
        self.first = StyledLayer(ch[4], ch[4], cfg.style_dim, upsample=False)
        self.first_rgb = ToRGB(ch[4], cfg.style_dim)
        self.ups = nn.ModuleList()
        self.convs = nn.ModuleList()
        self.rgbs = nn.ModuleList()
        for lo, hi in zip(res[:-1], res[1:]):
            self.ups.append(StyledLayer(ch[lo], ch[hi], cfg.style_dim, upsample=True))
            self.convs.append(StyledLayer(ch[hi], ch[hi], cfg.style_dim, upsample=False))
            self.rgbs.append(ToRGB(ch[hi], cfg.style_dim))

    def forward(self, r: torch.Tensor) -> torch.Tensor:
        w = self.style(r)
        x = self.first(self.const.expand(r.shape[0], -1, -1, -1), w)
        rgb = self.first_rgb(x, w, None)
        for up, conv, to_rgb in zip(self.ups, self.convs, self.rgbs):
            x = conv(up(x, w), w)
            rgb = to_rgb(x, w, rgb)
        return rgb


class Generator(nn.Module):
    """Everything that is served: E_s, E_i, M and D."""

    def __init__(self, cfg: ModelConfig, variant: str):
        super().__init__()
        self.cfg, self.variant = cfg, variant
        self.sketch_encoder = Encoder(cfg, 1)
        self.image_encoder = Encoder(cfg, 3)
        self.mapping = make_mapping(cfg, variant)
        self.decoder = Decoder(cfg)

    def render(self, r: torch.Tensor, a: torch.Tensor) -> torch.Tensor:
        return self.decoder(self.mapping(r, a))


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


class GradientReversal(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x: torch.Tensor, weight: float) -> torch.Tensor:  # type: ignore[override]
        ctx.weight = weight
        return x.view_as(x)

    @staticmethod
    def backward(ctx, grad: torch.Tensor):  # type: ignore[override]
        return -ctx.weight * grad, None


class DomainDiscriminator(nn.Module):
    """Tells sketch latents from photo latents; encoders see its gradient reversed, so they learn to fool it."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.net = MLP(cfg.latent_dim, cfg.latent_dim, 1)

    def forward(self, r: torch.Tensor, reversal_weight: float = 1.0) -> torch.Tensor:
        return self.net(GradientReversal.apply(r, reversal_weight)).squeeze(1)
