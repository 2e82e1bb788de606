"""Named model sizes: `tiny` for tests, `s64` (CPU default), `s128` (for a GPU)."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from .data import ATTRIBUTES


@dataclass(frozen=True)
class ModelConfig:
    name: str
    resolution: int
    latent_dim: int
    encoder_channels: tuple[int, ...]          # one per scale, from full resolution down to 4x4
    decoder_channels: dict[int, int]           # resolution -> channels, 4 .. resolution
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
    "tiny": ModelConfig("tiny", 16, 32, (8, 16, 16), {4: 16, 8: 16, 16: 8}, 32, dec_embed_dim=4, dec_components=4),
    "s64": ModelConfig("s64", 64, 256, (16, 32, 64, 128, 256), {4: 256, 8: 256, 16: 128, 32: 64, 64: 32}, 256),
    "s128": ModelConfig("s128", 128, 512, (32, 64, 128, 256, 384, 512),
                        {4: 512, 8: 512, 16: 384, 32: 192, 64: 96, 128: 48}, 512),
}


@dataclass
class LossWeights:
    """Starting point: the paper's weights, rebalanced for short CPU runs (reconstruction leads)."""
    rec_image: float = 10.0      # L1, image branch  D(M(E_i(x), 0)) vs x
    rec_sketch: float = 10.0     # L1, sketch branch D(M(E_s(s), 0)) vs x
    sem: float = 5.0             # latent alignment |E_i*(x) - E_s(s)|, E_i* = stop-gradient
    feature_match: float = 1.0   # discriminator feature matching (perceptual term, no downloaded weights)
    adv: float = 0.5             # non-saturating GAN loss
    attr: float = 1.0            # attribute classification of edited / reconstructed images
    ortho: float = 1.0           # S2F-DIS: directions near-orthogonal
    decom: float = 1.0           # S2F-DEC: latent classifier, edit, identity and cycle terms
    domain: float = 0.1          # gradient-reversal domain confusion between sketch and photo latents
    r1_gamma: float = 1.0
    r1_every: int = 16

    def to_dict(self) -> dict:
        return asdict(self)


def get_config(name: str) -> ModelConfig:
    if name not in CONFIGS:
        raise ValueError(f"unknown config {name!r}; choose one of {sorted(CONFIGS)}")
    return CONFIGS[name]


__all__ = ["ModelConfig", "LossWeights", "CONFIGS", "get_config"]
