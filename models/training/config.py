"""Named model sizes: `tiny` for tests, `s64` (CPU default: 64 px in, 128 px out), `s128` (for a GPU)."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from .data import ATTRIBUTES


@dataclass(frozen=True)
class ModelConfig:
    name: str
    resolution: int                            # sketches and photos in, R x R
    latent_dim: int
    encoder_channels: tuple[int, ...]          # one per scale, from full resolution down to 4x4
    structure_size: int                        # the spatial structure code is structure_channels x S x S
    structure_channels: int
    decoder_channels: dict[int, int]           # scale -> channels, structure_size / 2 .. output_resolution
    output_resolution: int                     # the face out, 2 R: the last scale is detail only
    style_dim: int
    attributes: tuple[str, ...] = tuple(ATTRIBUTES)
    dec_embed_dim: int = 8                     # S2F-DEC: attribute embedding size
    dec_components: int = 8                    # S2F-DEC: number of decomposition directions

    def to_dict(self) -> dict:
        d = asdict(self)
        d["decoder_channels"] = {str(k): v for k, v in self.decoder_channels.items()}
        return d

    @staticmethod
    def from_dict(d: dict) -> "ModelConfig":
        d = dict(d)
        d["encoder_channels"] = tuple(d["encoder_channels"])
        d["decoder_channels"] = {int(k): v for k, v in d["decoder_channels"].items()}
        d["attributes"] = tuple(d["attributes"])
        return ModelConfig(**d)


CONFIGS = {
    "tiny": ModelConfig("tiny", 16, 32, (8, 16, 16), 4, 4, {2: 16, 4: 16, 8: 16, 16: 8, 32: 8}, 32, 32,
                        dec_embed_dim=4, dec_components=4),
    "s64": ModelConfig("s64", 64, 256, (16, 32, 64, 128, 256), 16, 16,
                       {8: 192, 16: 128, 32: 64, 64: 32, 128: 16}, 128, 256),
    "s128": ModelConfig("s128", 128, 512, (32, 64, 128, 256, 384, 512), 32, 16,
                        {16: 384, 32: 192, 64: 96, 128: 48, 256: 24}, 256, 512),
}


@dataclass
class LossWeights:
    """Reconstruction leads (the face must follow the drawing); the GAN terms add realism on top."""
    rec: float = 10.0            # multi-scale L1 (output, 1/2, 1/4) of both branches against the photo
    ssim: float = 3.0            # 1 - SSIM at the output resolution
    sem: float = 5.0             # latent alignment |E_i*(x) - E_s(s)|, E_i* = stop-gradient
    structure: float = 5.0       # structure alignment, the same for the spatial codes
    latent_cls: float = 1.0      # the latent classifier: r . w_j + b_j ~ 2 l_j - 1 (MSE), photo and sketch latents
    feature_match: float = 1.0   # discriminator feature matching (perceptual term, no downloaded weights)
    adv: float = 0.3             # non-saturating GAN loss, DiffAugment on every discriminator input
    edit_attr: float = 1.0       # edited faces: the discriminator's attribute head must see the target
    sketch_cycle: float = 2.0    # the photo -> sketch predictor must find the truth's lines in the face
    r1_every: int = 16
    r1_gamma: float | None = None  # None: StyleGAN2-ADA's heuristic 0.0002 * res^2 / batch

    def to_dict(self) -> dict:
        return asdict(self)


def r1_gamma(weights: LossWeights, resolution: int, batch: int) -> float:
    return weights.r1_gamma if weights.r1_gamma is not None else 0.0002 * resolution ** 2 / batch


def get_config(name: str) -> ModelConfig:
    if name not in CONFIGS:
        raise ValueError(f"unknown config {name!r}; choose one of {sorted(CONFIGS)}")
    return CONFIGS[name]


__all__ = ["ModelConfig", "LossWeights", "CONFIGS", "get_config", "r1_gamma"]
