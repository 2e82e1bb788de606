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


@torch.no_grad()
def validation_l1(G: Generator, photo: torch.Tensor, sketch: torch.Tensor, mean_face: torch.Tensor) -> dict[str, float]:
    """Mean absolute error in [-1,1] pixel units of sketch->face and photo->face, and of the mean face."""
    zeros = torch.zeros(photo.shape[0], len(G.cfg.attributes))
    from_sketch = G.render(G.sketch_encoder(sketch), zeros).clamp(-1, 1)
    from_photo = G.render(G.image_encoder(photo), zeros).clamp(-1, 1)
    return {"sketch_l1": round(float(F.l1_loss(from_sketch, photo)), 4),
            "photo_l1": round(float(F.l1_loss(from_photo, photo)), 4),
            "mean_face_l1": round(float(F.l1_loss(mean_face.expand_as(photo), photo)), 4)}


@torch.no_grad()
def render_grid(G: Generator, faces: FaceSet, rows: np.ndarray) -> np.ndarray:
    photo, sketch = to_tensors(faces.photos[rows], faces.sketches[rows])
    r = G.sketch_encoder(sketch)
    n, attrs = len(rows), list(G.cfg.attributes)
    columns = [to_uint8(sketch.expand(-1, 3, -1, -1)), to_uint8(G.render(r, torch.zeros(n, len(attrs)))), to_uint8(photo)]
    for name in GRID_EDITS:
        if name not in attrs:
            continue
        for strength in (-1.0, 1.0):
            a = torch.zeros(n, len(attrs))
            a[:, attrs.index(name)] = strength
            columns.append(to_uint8(G.render(r, a)))
    return np.concatenate([np.concatenate(list(col), axis=0) for col in columns], axis=1)


def save_grid(G: Generator, faces: FaceSet, rows: np.ndarray, path: str) -> None:
    grid = render_grid(G, faces, rows)
    cv2.imwrite(path, cv2.cvtColor(grid, cv2.COLOR_RGB2BGR))
