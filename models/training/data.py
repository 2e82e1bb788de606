"""CelebAMask-HQ layout reader: attribute table, deterministic split, photos at any resolution.

Layout (the official release, or the 128 px copy in ../shared/data/celebahq128):
  <root>/CelebA-HQ-img/<id>.jpg
  <root>/CelebAMask-HQ-attribute-anno.txt   (count, 40 names, then "<id>.jpg v1 .. v40" with 1 / -1)
"""
from __future__ import annotations

import os
from dataclasses import dataclass

import cv2
import numpy as np

DEFAULT_ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data", "celebahq128")
ATTRIBUTES = ["Smiling", "Male", "No_Beard", "Eyeglasses", "Young", "Bangs",
              "Narrow_Eyes", "Pale_Skin", "Big_Lips", "Big_Nose", "Mustache", "Chubby"]
VAL_MODULUS = 20  # every image whose id % 20 == 0 is validation (~5 %), stable across machines


@dataclass
class AttributeTable:
    ids: np.ndarray        # [n] int, official CelebA-HQ ids, sorted
    names: list[str]       # the 40 CelebA attribute names
    labels: np.ndarray     # [n, 40] int8 in {-1, 1}

    def select(self, attributes: list[str]) -> np.ndarray:
        """Labels of the chosen attributes as float32 in {0, 1}, columns in the given order."""
        missing = [a for a in attributes if a not in self.names]
        if missing:
            raise ValueError(f"unknown attributes {missing}; known: {self.names}")
        cols = [self.names.index(a) for a in attributes]
        return (self.labels[:, cols] > 0).astype(np.float32)


def read_attributes(root: str) -> AttributeTable:
    path = os.path.join(root, "CelebAMask-HQ-attribute-anno.txt")
    with open(path) as f:
        lines = f.read().split("\n")
    names = lines[1].split()
    rows = [line.split() for line in lines[2:] if line.strip()]
    image_dir = os.path.join(root, "CelebA-HQ-img")
    present = set(os.listdir(image_dir))
    rows = [r for r in rows if r[0] in present]
    ids = np.array([int(r[0].split(".")[0]) for r in rows])
    labels = np.array([[int(v) for v in r[1:]] for r in rows], dtype=np.int8)
    order = np.argsort(ids)
    return AttributeTable(ids=ids[order], names=names, labels=labels[order])


def is_validation(image_id: int) -> bool:
    return image_id % VAL_MODULUS == 0


def split_indices(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row indices of the training and validation images."""
    val = np.array([is_validation(int(i)) for i in ids], dtype=bool)
    return np.nonzero(~val)[0], np.nonzero(val)[0]


def load_photo(root: str, image_id: int, size: int) -> np.ndarray:
    """RGB uint8 [size, size, 3], resized with area filtering from whatever the source resolution is."""
    path = os.path.join(root, "CelebA-HQ-img", f"{image_id}.jpg")
    bgr = cv2.imread(path, cv2.IMREAD_COLOR)
    if bgr is None:
        raise FileNotFoundError(path)
    if bgr.shape[0] != size or bgr.shape[1] != size:
        interp = cv2.INTER_AREA if bgr.shape[0] > size else cv2.INTER_CUBIC
        bgr = cv2.resize(bgr, (size, size), interpolation=interp)
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
