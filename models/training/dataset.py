"""In-memory training set: photos, clean sketches and labels cached once per resolution, joint augmentation."""
from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass

import cv2
import numpy as np
import torch

from .data import AttributeTable, load_photo, read_attributes, split_indices
from .sketch import PAPER, WORK_SIZE, clean_sketch, rough_sketch

CACHE_DIR = os.path.join(os.path.dirname(__file__), "..", "..", ".cache")


@dataclass
class FaceSet:
    ids: np.ndarray        # [n]
    photos: np.ndarray     # [n, s, s, 3] uint8 RGB
    sketches: np.ndarray   # [n, s, s] uint8, 0 ink / 255 paper
    labels: np.ndarray     # [n, A] float32 in {0, 1}

    def subset(self, rows: np.ndarray) -> "FaceSet":
        return FaceSet(self.ids[rows], self.photos[rows], self.sketches[rows], self.labels[rows])

    def __len__(self) -> int:
        return len(self.ids)


def _cache_path(root: str, size: int, ids: np.ndarray, limit: int | None) -> str:
    key = hashlib.sha1(f"{os.path.abspath(root)}|{size}|{len(ids)}|{limit}".encode()).hexdigest()[:10]
    return os.path.join(CACHE_DIR, f"faces_{size}_{key}.npz")


def load_faces(root: str, size: int, attributes: list[str], limit: int | None = None, verbose: bool = True) -> FaceSet:
    """All images (or the first `limit`) at `size`, with clean sketches; cached under .cache/."""
    table: AttributeTable = read_attributes(root)
    ids = table.ids if limit is None else table.ids[:limit]
    labels = table.select(attributes)[: len(ids)]
    path = _cache_path(root, size, ids, limit)
    if os.path.exists(path):
        with np.load(path) as z:
            return FaceSet(z["ids"], z["photos"], z["sketches"], labels)
    start = time.time()
    photos = np.zeros((len(ids), size, size, 3), np.uint8)
    sketches = np.zeros((len(ids), size, size), np.uint8)
    for i, image_id in enumerate(ids):
        photo = load_photo(root, int(image_id), max(size, WORK_SIZE))
        sketches[i] = clean_sketch(photo, size)
        photos[i] = cv2.resize(photo, (size, size), interpolation=cv2.INTER_AREA) if photo.shape[0] != size else photo
        if verbose and (i + 1) % 2000 == 0:
            print(f"  sketches {i + 1}/{len(ids)} ({time.time() - start:.0f}s)", flush=True)
    os.makedirs(CACHE_DIR, exist_ok=True)
    np.savez(path, ids=ids, photos=photos, sketches=sketches)
    return FaceSet(ids, photos, sketches, labels)


def train_val(faces: FaceSet) -> tuple[FaceSet, FaceSet]:
    train_rows, val_rows = split_indices(faces.ids)
    return faces.subset(train_rows), faces.subset(val_rows)


def to_tensors(photos: np.ndarray, sketches: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
    """uint8 arrays -> (photo [N,3,s,s] in [-1,1], sketch [N,1,s,s] with ink -1, paper +1)."""
    photo = torch.from_numpy(photos).permute(0, 3, 1, 2).float() / 127.5 - 1
    sketch = torch.from_numpy(sketches).unsqueeze(1).float() / 127.5 - 1
    return photo.contiguous(), sketch.contiguous()


class Batches:
    """Random training batches: joint horizontal flip and small random crop of photo and sketch;
    a share of the sketches replaced by badly drawn variants."""

    def __init__(self, faces: FaceSet, batch_size: int, seed: int, rough_share: float = 0.3, max_shift: int = 3):
        self.faces, self.batch_size = faces, batch_size
        self.rng = np.random.default_rng(seed)
        self.rough_share, self.max_shift = rough_share, max_shift

    def next(self) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        rows = self.rng.integers(0, len(self.faces), self.batch_size)
        photos = self.faces.photos[rows].copy()
        sketches = self.faces.sketches[rows].copy()
        s, m = photos.shape[1], self.max_shift
        for i in range(len(rows)):
            if self.rng.random() < 0.5:
                photos[i], sketches[i] = photos[i, :, ::-1], sketches[i, :, ::-1]
            dy, dx = self.rng.integers(0, 2 * m + 1, 2)
            p = np.pad(photos[i], ((m, m), (m, m), (0, 0)), mode="edge")
            k = np.pad(sketches[i], ((m, m), (m, m)), constant_values=PAPER)
            photos[i], sketches[i] = p[dy:dy + s, dx:dx + s], k[dy:dy + s, dx:dx + s]
            if self.rng.random() < self.rough_share:
                sketches[i] = rough_sketch(sketches[i], self.rng)
        photo, sketch = to_tensors(photos, sketches)
        return photo, sketch, torch.from_numpy(self.faces.labels[rows])
