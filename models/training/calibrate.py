"""Calibrate the sliders of a trained model from training faces only (never the validation ids that the eval
uses): one slider unit of attribute j is the class-mean difference of the photo latents (faces with j minus
faces without), and the same for the structure codes. Training keeps both as running means; this recomputes
them over many faces with the final EMA weights.

  /usr/bin/python3 -m models.training.calibrate --checkpoint models/runs/s2f-s64/checkpoint.pt \\
      --out models/runs/s2f-s64/calibrated.pt [--faces 6000]
"""
from __future__ import annotations

import argparse

import numpy as np
import torch
import torch.nn.functional as F

from .config import ModelConfig
from .data import DEFAULT_ROOT
from .dataset import FaceSet, load_faces, to_tensors, train_val
from .losses import class_statistics
from .networks import Generator, downsample_to


@torch.no_grad()
def encode_photos(G: Generator, faces: FaceSet, batch: int = 256) -> tuple[torch.Tensor, torch.Tensor]:
    """(latents [n, d], structures [n, C, S, S]) of the photos of `faces`."""
    latents, structures = [], []
    for start in range(0, len(faces), batch):
        photo, _ = to_tensors(faces.photos[start:start + batch], faces.sketches[start:start + batch])
        r, s = G.image_encoder(downsample_to(photo, G.cfg.resolution))
        latents.append(r)
        structures.append(s)
    return torch.cat(latents), torch.cat(structures)


def calibration_faces(root: str, cfg: ModelConfig, count: int, seed: int = 0, limit: int | None = None) -> FaceSet:
    train_set, _ = train_val(load_faces(root, cfg.resolution, cfg.output_resolution, list(cfg.attributes), limit))
    rows = np.random.default_rng(seed).permutation(len(train_set))[:count]
    return train_set.subset(np.sort(rows))


def calibrate(G: Generator, faces: FaceSet) -> dict[str, list[float]]:
    r, structure = encode_photos(G, faces)
    labels = torch.from_numpy(faces.labels)
    latent, offsets = class_statistics(G.mapping, r, structure, labels)
    G.mapping.latent_offsets.copy_(latent)
    G.mapping.structure_offsets.copy_(offsets)
    spread = (r @ F.normalize(latent, dim=1).t()).std(0)
    accuracy = ((G.mapping.classify(r) > 0).float() == labels).float().mean(0)
    return {"slider_unit": [round(float(g), 3) for g in G.mapping.slider_units()],
            "unit_in_std": [round(float(g / s), 2) for g, s in zip(G.mapping.slider_units(), spread)],
            "latent_classifier_accuracy": [round(float(a), 3) for a in accuracy]}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--data", default=DEFAULT_ROOT)
    ap.add_argument("--faces", type=int, default=6000)
    ap.add_argument("--limit", type=int, default=None, help="use only the first N images (tests)")
    args = ap.parse_args(argv)
    state = torch.load(args.checkpoint, map_location="cpu")
    cfg = ModelConfig.from_dict(state["config"])
    G = Generator(cfg, state["variant"]).eval()
    G.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in state["G_ema"].items()})
    report = calibrate(G, calibration_faces(args.data, cfg, args.faces, limit=args.limit))
    state["G_ema"] = G.state_dict()
    state["calibration"] = {"faces": args.faces, **report}
    torch.save(state, args.out)
    print(f"calibrated on {args.faces} training faces -> {args.out}")
    for name, unit, std, acc in zip(cfg.attributes, report["slider_unit"], report["unit_in_std"],
                                    report["latent_classifier_accuracy"]):
        print(f"  {name:12s} slider unit {unit:6.3f} ({std:.2f} std)  latent classifier accuracy {acc:.3f}")


if __name__ == "__main__":
    main()
