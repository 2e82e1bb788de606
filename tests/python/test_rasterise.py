"""Training draws studio-style sketches exactly as the server rasterises people's strokes: the Python port
matches the same golden images as server/inference/rasterise.ts (tests/unit/inference-rasterise.test.ts)."""
import json
import os

import cv2
import numpy as np
import pytest

from models.training.rasterise import INK, PAPER, rasterise_strokes

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "fixtures", "inference")


def golden_face_strokes():
    with open(os.path.join(FIXTURES, "strokes-face.json")) as f:
        raw = json.load(f)
    return [(s["tool"], s["width"], np.asarray(s["points"]).reshape(-1, 3)) for s in raw]


@pytest.mark.parametrize("resolution,line_width", [(64, 1.0), (32, 0.5)])
def test_matches_the_servers_golden_face(resolution, line_width):
    expected = cv2.imread(os.path.join(FIXTURES, f"strokes-face.expected-{resolution}.png"), cv2.IMREAD_GRAYSCALE)
    drawing = rasterise_strokes(golden_face_strokes(), resolution, line_width)
    assert drawing.shape == expected.shape
    assert int(((drawing == INK) != (expected < 128)).sum()) == 0


def test_eraser_removes_earlier_ink_and_bad_widths_are_skipped():
    line = ("pen", 0.01, [[0.1, 0.5], [0.9, 0.5]])
    erase = ("eraser", 0.2, [[0.5, 0.5]])
    drawing = rasterise_strokes([line, erase, ("pen", float("nan"), [[0.5, 0.2], [0.5, 0.8]])], 64, 1.0)
    assert drawing[32, 10] == INK and drawing[32, 32] == PAPER
    assert (drawing[:, 32] == PAPER).all()
