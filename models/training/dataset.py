"""In-memory training set: photos, sketches of two styles and labels, cached once per size; joint augmentation."""
from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from multiprocessing import Pool

import cv2
import numpy as np
import torch

from .data import AttributeTable, load_photo, read_attributes, split_indices
from .sketch import PAPER, WORK_SIZE, clean_sketch, rough_sketch, studio_sketch

CACHE_DIR = os.path.join(os.path.dirname(__file__), "..", "..", ".cache")
CACHE_VERSION = 2   # bump when the sketch synthesis changes


@dataclass
class FaceSet:
    ids: np.ndarray        # [n]
    photos: np.ndarray     # [n, O, O, 3] uint8 RGB at the output resolution
    sketches: np.ndarray   # [n, R, R] uint8 clean sketches, 0 ink / 255 paper, at the input resolution
    studio: np.ndarray     # [n, R, R] uint8 studio-style sketches (strokes through the server's rasteriser)
    labels: np.ndarray     # [n, A] float32 in {0, 1}

    def subset(self, rows: np.ndarray) -> "FaceSet":
        return FaceSet(self.ids[rows], self.photos[rows], self.sketches[rows], self.studio[rows], self.labels[rows])

    def __len__(self) -> int:
        return len(self.ids)


def _cache_path(root: str, size: int, photo_size: int, ids: np.ndarray, limit: int | None) -> str:
    key = f"{os.path.abspath(root)}|{size}|{photo_size}|{len(ids)}|{limit}|v{CACHE_VERSION}"
    return os.path.join(CACHE_DIR, f"faces_{size}_{hashlib.sha1(key.encode()).hexdigest()[:10]}.npz")


def _one_face(job: tuple[str, int, int, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    root, image_id, size, photo_size = job
    photo = load_photo(root, image_id, max(photo_size, WORK_SIZE))
    out = photo if photo.shape[0] == photo_size else cv2.resize(photo, (photo_size, photo_size), interpolation=cv2.INTER_AREA)
    # the studio style is seeded by the id: the same face always gets the same drawing
    return out, clean_sketch(photo, size), studio_sketch(photo, size, np.random.default_rng(image_id))


def load_faces(root: str, size: int, photo_size: int, attributes: list[str], limit: int | None = None,
               verbose: bool = True, workers: int = 2) -> FaceSet:
    """All images (or the first `limit`): photos at `photo_size`, both sketch styles at `size`; cached under .cache/."""
    table: AttributeTable = read_attributes(root)
    ids = table.ids if limit is None else table.ids[:limit]
    labels = table.select(attributes)[: len(ids)]
    path = _cache_path(root, size, photo_size, ids, limit)
    if os.path.exists(path):
        with np.load(path) as z:
            return FaceSet(z["ids"], z["photos"], z["sketches"], z["studio"], labels)
    start = time.time()
    photos = np.zeros((len(ids), photo_size, photo_size, 3), np.uint8)
    sketches = np.zeros((len(ids), size, size), np.uint8)
    studio = np.zeros((len(ids), size, size), np.uint8)
    jobs = [(root, int(i), size, photo_size) for i in ids]
    with Pool(workers) as pool:
        for i, (photo, clean, drawn) in enumerate(pool.imap(_one_face, jobs, chunksize=64)):
            photos[i], sketches[i], studio[i] = photo, clean, drawn
            if verbose and (i + 1) % 2000 == 0:
                print(f"  sketches {i + 1}/{len(ids)} ({time.time() - start:.0f}s)", flush=True)
    os.makedirs(CACHE_DIR, exist_ok=True)
    np.savez(path, ids=ids, photos=photos, sketches=sketches, studio=studio)
    return FaceSet(ids, photos, sketches, studio, labels)


def train_val(faces: FaceSet) -> tuple[FaceSet, FaceSet]:
    train_rows, val_rows = split_indices(faces.ids)
    return faces.subset(train_rows), faces.subset(val_rows)


def sketch_tensor(sketches: np.ndarray) -> torch.Tensor:
    """uint8 [N,s,s] drawings -> [N,1,s,s] with ink -1, paper +1."""
    return torch.from_numpy(np.ascontiguousarray(sketches)).unsqueeze(1).float() / 127.5 - 1


def to_tensors(photos: np.ndarray, sketches: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
    """uint8 arrays -> (photo [N,3,s,s] in [-1,1], sketch [N,1,s,s] with ink -1, paper +1)."""
    photo = torch.from_numpy(photos).permute(0, 3, 1, 2).float() / 127.5 - 1
    return photo.contiguous(), sketch_tensor(sketches)


STYLE_SHARES = {"clean": 0.35, "studio": 0.35, "rough": 0.15, "rough_studio": 0.15}


class Batches:
    """Random training batches: joint horizontal flip and small random shift of photo and sketches; each
    sketch drawn in one of the styles of STYLE_SHARES. Also gives the truth's clean sketch (ink = 1) as the
    target of the sketch-cycle loss."""

    def __init__(self, faces: FaceSet, batch_size: int, seed: int, max_shift: int = 3):
        self.faces, self.batch_size = faces, batch_size
        self.rng = np.random.default_rng(seed)
        self.max_shift = max_shift
        self.styles = list(STYLE_SHARES)
        self.shares = np.array(list(STYLE_SHARES.values()))

    def next(self) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
        rows = self.rng.integers(0, len(self.faces), self.batch_size)
        photos = self.faces.photos[rows].copy()
        clean = self.faces.sketches[rows].copy()
        sketches = np.empty_like(clean)
        s, m = clean.shape[1], self.max_shift
        k = photos.shape[1] // s
        for i, row in enumerate(rows):
            style = self.styles[self.rng.choice(len(self.styles), p=self.shares)]
            drawing = self.faces.studio[row] if "studio" in style else clean[i]
            if style.startswith("rough"):
                drawing = rough_sketch(drawing, self.rng)
            sketches[i] = drawing
            if self.rng.random() < 0.5:
                photos[i], clean[i], sketches[i] = photos[i, :, ::-1], clean[i, :, ::-1], sketches[i, :, ::-1]
            dy, dx = self.rng.integers(0, 2 * m + 1, 2)
            p = np.pad(photos[i], ((m * k, m * k), (m * k, m * k), (0, 0)), mode="edge")
            photos[i] = p[dy * k:dy * k + s * k, dx * k:dx * k + s * k]
            for arr in (clean, sketches):
                padded = np.pad(arr[i], ((m, m), (m, m)), constant_values=PAPER)
                arr[i] = padded[dy:dy + s, dx:dx + s]
        photo, sketch = to_tensors(photos, sketches)
        lines = torch.from_numpy((clean < 128).astype(np.float32)).unsqueeze(1)
        return photo, sketch, lines, torch.from_numpy(self.faces.labels[rows])
