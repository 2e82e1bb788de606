"""Calibrate the sliders of a trained model from training faces only (never the validation ids that the eval
uses): one slider unit along attribute j is the gap between the class means of the photo latents along the
classifier direction w_j, and the structure offset of j is the class-mean difference of the structure codes.
Training keeps both as running means; this recomputes them over many faces with the final EMA weights.

  /usr/bin/python3 -m models.training.calibrate --checkpoint models/runs/s2f-s64/checkpoint.pt \\
      --out models/runs/s2f-s64/calibrated.pt [--faces 6000]
"""
from __future__ import annotations

import argparse

import numpy as np
import torch

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
    gap, offsets = class_statistics(G.mapping, r, structure, torch.from_numpy(faces.labels))
    G.mapping.class_gap.copy_(gap)
    G.mapping.structure_offsets.copy_(offsets)
    scores = G.mapping.classify(r)
    accuracy = ((scores > 0).float() == torch.from_numpy(faces.labels)).float().mean(0)
    return {"class_gap": [round(float(g), 3) for g in gap],
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
    for name, gap, acc in zip(cfg.attributes, report["class_gap"], report["latent_classifier_accuracy"]):
        print(f"  {name:12s} gap {gap:6.3f}  latent classifier accuracy {acc:.3f}")


if __name__ == "__main__":
    main()
