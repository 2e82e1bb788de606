"""Validation numbers and sample grids (rows: sketch | output | photo | edits at -1 and +1)."""
from __future__ import annotations

import cv2
import numpy as np
import torch
import torch.nn.functional as F

from .dataset import FaceSet, to_tensors
from .networks import Generator

GRID_EDITS = ("Smiling", "Male", "Young", "Eyeglasses")


def to_uint8(images: torch.Tensor) -> np.ndarray:
    """[N,3,s,s] in [-1,1] -> [N,s,s,3] uint8."""
    return ((images.float().clamp(-1, 1) + 1) * 127.5).round().byte().permute(0, 2, 3, 1).numpy()


def render_from(G: Generator, encoded: tuple[torch.Tensor, torch.Tensor], a: torch.Tensor | None = None) -> torch.Tensor:
    r, structure = encoded
    a = torch.zeros(r.shape[0], len(G.cfg.attributes)) if a is None else a
    return G.render(r, structure, a).clamp(-1, 1)


@torch.no_grad()
def validation_l1(G: Generator, photo: torch.Tensor, sketches: dict[str, torch.Tensor],
                  mean_face: torch.Tensor) -> dict[str, float]:
    """Mean absolute error in [-1,1] pixel units at the output resolution: sketch->face for each sketch style,
    photo->face, and the mean face."""
    photo_in = F.avg_pool2d(photo, photo.shape[-1] // G.cfg.resolution) if photo.shape[-1] != G.cfg.resolution else photo
    out = {f"{style}_l1": round(float(F.l1_loss(render_from(G, G.sketch_encoder(s)), photo)), 4)
           for style, s in sketches.items()}
    out["photo_l1"] = round(float(F.l1_loss(render_from(G, G.image_encoder(photo_in)), photo)), 4)
    out["mean_face_l1"] = round(float(F.l1_loss(mean_face.expand_as(photo), photo)), 4)
    return out


@torch.no_grad()
def render_grid(G: Generator, faces: FaceSet, rows: np.ndarray) -> np.ndarray:
    photo, sketch = to_tensors(faces.photos[rows], faces.sketches[rows])
    encoded = G.sketch_encoder(sketch)
    n, attrs = len(rows), list(G.cfg.attributes)
    size = photo.shape[-1]
    big_sketch = F.interpolate(sketch, size=size, mode="nearest").expand(-1, 3, -1, -1)
    columns = [to_uint8(big_sketch), to_uint8(render_from(G, encoded)), to_uint8(photo)]
    for name in GRID_EDITS:
        if name not in attrs:
            continue
        for strength in (-1.0, 1.0):
            a = torch.zeros(n, len(attrs))
            a[:, attrs.index(name)] = strength
            columns.append(to_uint8(render_from(G, encoded, a)))
    return np.concatenate([np.concatenate(list(col), axis=0) for col in columns], axis=1)


def save_grid(G: Generator, faces: FaceSet, rows: np.ndarray, path: str) -> None:
    grid = render_grid(G, faces, rows)
    cv2.imwrite(path, cv2.cvtColor(grid, cv2.COLOR_RGB2BGR))
