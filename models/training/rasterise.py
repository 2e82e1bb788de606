"""The server's stroke rasteriser (server/inference/rasterise.ts), step for step, so that the studio-style
training sketches are drawn exactly as the app draws what people draw. tests/python/test_rasterise.py holds
both to the same golden images.

Strokes are (tool, width, points): tool "pen" or "eraser", width in normalised canvas units (1 = the canvas
side), points an [n, 2+] array of normalised x, y (further columns, such as pressure, are ignored).
"""
from __future__ import annotations

import math
from typing import Iterable, Sequence

import numpy as np

SUPERSAMPLE = 4                 # point samples per model pixel side
INK_COVERAGE_THRESHOLD = 0.4    # a pixel more than 40 % covered by ink is ink (sketch.resize_sketch)
INK, PAPER = 0, 255

Stroke = tuple[str, float, Sequence[Sequence[float]]]


def rasterise_strokes(strokes: Iterable[Stroke], resolution: int, line_width_px: float) -> np.ndarray:
    """uint8 [R, R] drawing, 0 ink / 255 paper, like the training sketches."""
    size = resolution * SUPERSAMPLE
    canvas = np.zeros((size, size), np.uint8)
    for tool, width, points in strokes:
        if not math.isfinite(width) or width < 0:
            continue
        width_px = max(line_width_px, width * resolution) if tool == "pen" else width * resolution
        # the document keeps points as float32 (lib/doc), which the server reads into doubles
        xy = np.asarray(points, np.float32).astype(np.float64)
        _draw_polyline(canvas, xy, width_px * SUPERSAMPLE / 2, 1 if tool == "pen" else 0)
    coverage = canvas.reshape(resolution, SUPERSAMPLE, resolution, SUPERSAMPLE).mean(axis=(1, 3))
    return np.where(coverage > INK_COVERAGE_THRESHOLD, INK, PAPER).astype(np.uint8)


def _draw_polyline(canvas: np.ndarray, points: np.ndarray, radius: float, value: int) -> None:
    size = canvas.shape[0]
    previous = None
    for x, y in points[:, :2] * size:
        if not (math.isfinite(x) and math.isfinite(y)):
            continue
        ax, ay = previous if previous is not None else (x, y)
        _draw_segment(canvas, ax, ay, x, y, radius, value)
        previous = (x, y)


def _draw_segment(canvas: np.ndarray, ax: float, ay: float, bx: float, by: float, radius: float, value: int) -> None:
    """Sets every sample whose centre lies within `radius` of the segment (a capsule: round caps and joins)."""
    size = canvas.shape[0]
    left = max(0, math.floor(min(ax, bx) - radius))
    right = min(size - 1, math.ceil(max(ax, bx) + radius))
    top = max(0, math.floor(min(ay, by) - radius))
    bottom = min(size - 1, math.ceil(max(ay, by) + radius))
    if left > right or top > bottom:
        return
    dx, dy = bx - ax, by - ay
    length_squared = dx * dx + dy * dy
    py = (np.arange(top, bottom + 1) + 0.5 - ay)[:, None]
    px = (np.arange(left, right + 1) + 0.5 - ax)[None, :]
    t = np.clip((px * dx + py * dy) / length_squared, 0, 1) if length_squared > 0 else 0.0
    ex, ey = px - t * dx, py - t * dy
    region = canvas[top:bottom + 1, left:right + 1]
    region[ex * ex + ey * ey <= radius * radius] = value
