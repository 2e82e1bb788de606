"""Inputs of `npm run eval`: validation faces, their sketches, and the two baselines' answers.

  /usr/bin/python3 -m models.eval.prepare --out DIR --size 64 --output-size 128 --n 200 --style clean [--seed 0]

Writes into DIR, sketches at the model's input resolution `--size`, photos at its output resolution
`--output-size` (the resolution the faces are judged at, so that true photos, baselines and outputs compare):
  sketches/<id>.png   the sketch the model gets (clean, a badly drawn variant with --style rough, or with
                      --style studio a preview of the strokes below, drawn by the port of the server's rasteriser)
  strokes/<id>.json   --style studio only: the vector strokes the model gets, in the document format
                      [{tool, width, points: [x, y, pressure, ...]}], rasterised by the server itself
  photos/<id>.png     the true photo
  nearest/<id>.png    nearest-neighbour baseline: the training photo whose clean sketch is closest
  mean.png            mean-face baseline: the mean of all training photos
  inputs.json         the list of faces and what was done

Studio strokes are traced from the photo by models/training/sketch.py's studio_strokes, seeded by the image id
alone (the same strokes for every --seed).

Only validation ids (models/training/data.py: id % 20 == 0) are evaluated; the baselines only ever see
training images. Retrieval distance: L2 between sketches turned into soft ink maps (ink = 1, Gaussian blur
with sigma = 1/32 of the image, area-resized to 32 x 32), a smooth stand-in for a chamfer distance that
forgives strokes a pixel or two apart.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

import cv2
import numpy as np

from models.training.data import ATTRIBUTES, DEFAULT_ROOT, load_photo, read_attributes, split_indices
from models.training.dataset import load_faces
from models.training.rasterise import rasterise_strokes
from models.training.sketch import PEN_WIDTH_AT_WORK, WORK_SIZE, clean_sketch, rough_sketch, studio_strokes

BASELINE_SIZE = 64          # retrieval matches the 64 px sketches of the training cache
BASELINE_PHOTO_SIZE = 128   # and the mean face averages its 128 px photos (the s64 training cache: no second build)
INK_MAP_SIZE = 32


def ink_maps(sketches: np.ndarray) -> np.ndarray:
    """[n, s, s] uint8 drawings (0 ink) -> [n, 32*32] float32 soft ink maps for retrieval."""
    size = sketches.shape[1]
    out = np.empty((len(sketches), INK_MAP_SIZE * INK_MAP_SIZE), np.float32)
    for i, drawing in enumerate(sketches):
        ink = cv2.GaussianBlur((drawing < 128).astype(np.float32), (0, 0), size / INK_MAP_SIZE)
        out[i] = cv2.resize(ink, (INK_MAP_SIZE, INK_MAP_SIZE), interpolation=cv2.INTER_AREA).ravel()
    return out


def nearest_rows(queries: np.ndarray, gallery: np.ndarray) -> np.ndarray:
    """Index of the closest gallery row (squared L2) for every query row."""
    gallery_norms = (gallery ** 2).sum(1)
    return np.argmin(gallery_norms[None, :] - 2 * queries @ gallery.T, axis=1)


def model_sketch(photo: np.ndarray, size: int, style: str, rng: np.random.Generator) -> np.ndarray:
    drawing = clean_sketch(photo, size)
    return rough_sketch(drawing, rng) if style == "rough" else drawing


def document_strokes(strokes) -> list[dict]:
    """studio_strokes' (tool, width, [n, 2] points) as document strokes, pressure 0.5 like a mouse."""
    out = []
    for tool, width, points in strokes:
        xy = np.clip(np.asarray(points, np.float64)[:, :2], 0.0, 1.0)
        triples = np.concatenate([xy, np.full((len(xy), 1), 0.5)], axis=1)
        out.append({"tool": tool, "width": float(width), "points": [round(float(v), 6) for v in triples.ravel()]})
    return out


def resize_rgb(image: np.ndarray, size: int) -> np.ndarray:
    if image.shape[0] == size:
        return image
    interp = cv2.INTER_AREA if image.shape[0] > size else cv2.INTER_CUBIC
    return cv2.resize(image, (size, size), interpolation=interp)


def write_png(path: str, image: np.ndarray) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    bgr = cv2.cvtColor(image, cv2.COLOR_RGB2BGR) if image.ndim == 3 else image
    if not cv2.imwrite(path, bgr):
        raise OSError(f"cannot write {path}")


def strokes_dir(out: str) -> str:
    path = os.path.join(out, "strokes")
    os.makedirs(path, exist_ok=True)
    return path


def pick_validation_ids(root: str, n: int, seed: int) -> np.ndarray:
    ids = read_attributes(root).ids
    _, val_rows = split_indices(ids)
    if n > len(val_rows):
        raise SystemExit(f"--n {n} is more than the {len(val_rows)} validation images")
    # a prefix of one fixed shuffle: a smaller --n evaluates a subset of the faces of a larger one
    return np.random.default_rng(seed).permutation(ids[val_rows])[:n]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--size", type=int, required=True, help="the model's input resolution (sketches)")
    ap.add_argument("--output-size", type=int, help="the model's output resolution (photos, baselines); default --size")
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--style", choices=["clean", "rough", "studio"], default="clean")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--root", default=DEFAULT_ROOT)
    args = ap.parse_args(argv)
    out_size = args.output_size or args.size
    start = time.time()

    ids = pick_validation_ids(args.root, args.n, args.seed)
    faces = load_faces(args.root, BASELINE_SIZE, BASELINE_PHOTO_SIZE, ATTRIBUTES, verbose=False)
    train_rows, _ = split_indices(faces.ids)
    train_ids, train_photos = faces.ids[train_rows], faces.photos[train_rows]
    train_maps = ink_maps(faces.sketches[train_rows])
    print(f"training set for the baselines: {len(train_rows)} faces ({time.time() - start:.0f}s)", file=sys.stderr)

    mean_face = np.round(train_photos.mean(0, dtype=np.float64)).astype(np.uint8)
    write_png(os.path.join(args.out, "mean.png"), resize_rgb(mean_face, out_size))

    sketches = []
    for image_id in ids:
        photo = load_photo(args.root, int(image_id), max(args.size, out_size, WORK_SIZE))
        if args.style == "studio":
            strokes = studio_strokes(photo, np.random.default_rng(int(image_id)))
            with open(os.path.join(strokes_dir(args.out), f"{image_id}.json"), "w") as f:
                json.dump(document_strokes(strokes), f)
            sketch = rasterise_strokes(strokes, args.size, PEN_WIDTH_AT_WORK * args.size / WORK_SIZE)
        else:
            sketch = model_sketch(photo, args.size, args.style, np.random.default_rng([args.seed, int(image_id)]))
        write_png(os.path.join(args.out, "photos", f"{image_id}.png"), resize_rgb(photo, out_size))
        write_png(os.path.join(args.out, "sketches", f"{image_id}.png"), sketch)
        sketches.append(sketch)

    nearest = nearest_rows(ink_maps(np.stack(sketches)), train_maps)
    faces_out = []
    for image_id, row in zip(ids, nearest):
        match = load_photo(args.root, int(train_ids[row]), max(out_size, WORK_SIZE))
        write_png(os.path.join(args.out, "nearest", f"{image_id}.png"), resize_rgb(match, out_size))
        face = {"id": int(image_id), "sketch": f"sketches/{image_id}.png", "photo": f"photos/{image_id}.png",
                "nearest": f"nearest/{image_id}.png", "nearestId": int(train_ids[row])}
        if args.style == "studio":
            face["strokes"] = f"strokes/{image_id}.json"
        faces_out.append(face)
    inputs = {"size": args.size, "outputSize": out_size, "style": args.style, "seed": args.seed, "trainingFaces": int(len(train_rows)),
              "meanFace": "mean.png", "faces": faces_out}
    with open(os.path.join(args.out, "inputs.json"), "w") as f:
        json.dump(inputs, f, indent=1)
    print(f"wrote {len(ids)} validation faces to {args.out} ({time.time() - start:.0f}s)", file=sys.stderr)


if __name__ == "__main__":
    main()
