"""Writes a contact sheet (photo | clean | rough | studio sketch at 128 px | studio sketch at 64 px, one row per face) to look at the synthesis.

  /usr/bin/python3 -m models.training.contact_sheet --out sheet.png [--data DIR] [--n 8] [--size 128]
"""
from __future__ import annotations

import argparse

import cv2
import numpy as np

from .data import DEFAULT_ROOT, load_photo, read_attributes, split_indices
from .sketch import clean_sketch, rough_sketch, studio_sketch


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=DEFAULT_ROOT)
    ap.add_argument("--out", required=True)
    ap.add_argument("--n", type=int, default=8)
    ap.add_argument("--size", type=int, default=128)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    table = read_attributes(args.data)
    _, val = split_indices(table.ids)
    rng = np.random.default_rng(args.seed)
    rows = []
    for row in rng.choice(val, args.n, replace=False):
        photo = load_photo(args.data, int(table.ids[row]), args.size)
        clean = clean_sketch(photo, args.size)
        rough = rough_sketch(clean, rng)
        studio_small = cv2.resize(studio_sketch(photo, args.size // 2, np.random.default_rng(int(row))),
                                  (args.size, args.size), interpolation=cv2.INTER_NEAREST)
        studio = studio_sketch(photo, args.size, np.random.default_rng(int(row)))
        grey = [np.repeat(s[:, :, None], 3, axis=2) for s in (clean, rough, studio, studio_small)]
        rows.append(np.concatenate([photo, *grey], axis=1))
    sheet = np.concatenate(rows, axis=0)
    cv2.imwrite(args.out, cv2.cvtColor(sheet, cv2.COLOR_RGB2BGR))
    print(f"wrote {args.out} ({args.n} faces: photo | clean | rough | studio | studio at half size)")


if __name__ == "__main__":
    main()
