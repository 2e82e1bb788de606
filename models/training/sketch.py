"""Pen-like line drawings from photos, with no pretrained weights.

clean_sketch: edge-preserving smoothing -> XDoG-style difference of Gaussians -> thinning to one-pixel
strokes -> removal of short fragments -> strokes drawn at a fixed pen width. Black ink (0) on white
paper (255), like a person's pen drawing: face outline, eyes, brows, nose, mouth, hair outline.

rough_sketch: a "badly drawn" variant (after DeepPS): smooth random deformation, uneven stroke width,
blur, dropped stroke pieces. Used as training augmentation and as a separate robustness set.

studio_strokes / studio_sketch: what people draw in the studio with a mouse: a few long, smooth, closed
contours (face outline, hair, brows, eyes, nose, mouth) and no texture. Long contours of a coarse XDoG,
simplified, kept longest first, as vector strokes in the studio's pen widths, rasterised by the server's own
rasteriser (rasterise.py).
"""
from __future__ import annotations

import cv2
import numpy as np
from skimage.morphology import remove_small_objects, skeletonize

from .rasterise import rasterise_strokes

PAPER, INK = 255, 0
WORK_SIZE = 128          # sketches are synthesised at this size, then resized to the model's
PEN_WIDTH_AT_WORK = 2    # pen width in pixels at WORK_SIZE; 1 px at 64, 2 px at 128
STUDIO_PEN_WIDTHS = (0.005, 0.009, 0.016)   # app/studio/toolbar.tsx WIDTHS.pen, in canvas units


def _edges(gray: np.ndarray) -> np.ndarray:
    """Boolean edge map from XDoG on a bilaterally smoothed grey image (float in [0, 1])."""
    smooth = cv2.bilateralFilter((gray * 255).astype(np.uint8), d=7, sigmaColor=30, sigmaSpace=5)
    g = smooth.astype(np.float32) / 255.0
    sigma, k, tau = 0.8, 1.6, 0.985
    dog = cv2.GaussianBlur(g, (0, 0), sigma) - tau * cv2.GaussianBlur(g, (0, 0), sigma * k)
    return dog < -0.004


def clean_sketch(photo_rgb: np.ndarray, size: int = WORK_SIZE) -> np.ndarray:
    """uint8 [size, size] line drawing of an RGB uint8 photo of any size."""
    rgb = cv2.resize(photo_rgb, (WORK_SIZE, WORK_SIZE), interpolation=cv2.INTER_AREA) \
        if photo_rgb.shape[0] != WORK_SIZE else photo_rgb
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32) / 255.0
    edges = _edges(gray)
    lines = skeletonize(edges)
    lines = remove_small_objects(lines, min_size=10, connectivity=2)
    ink = cv2.dilate(lines.astype(np.uint8), np.ones((PEN_WIDTH_AT_WORK, PEN_WIDTH_AT_WORK), np.uint8))
    drawing = np.where(ink > 0, INK, PAPER).astype(np.uint8)
    return resize_sketch(drawing, size)


def resize_sketch(drawing: np.ndarray, size: int) -> np.ndarray:
    """Resize a drawing keeping it binary: area filter, then any pixel at least 40 % ink is ink."""
    if drawing.shape[0] == size:
        return drawing
    interp = cv2.INTER_AREA if drawing.shape[0] > size else cv2.INTER_LINEAR
    grey = cv2.resize(drawing, (size, size), interpolation=interp)
    return np.where(grey < 255 * 0.6, INK, PAPER).astype(np.uint8)


def _smooth_field(rng: np.random.Generator, size: int, amplitude: float, scale: float) -> np.ndarray:
    coarse = rng.standard_normal((4, 4)).astype(np.float32)
    field = cv2.resize(coarse, (size, size), interpolation=cv2.INTER_CUBIC)
    return cv2.GaussianBlur(field, (0, 0), size * scale) * amplitude


def rough_sketch(drawing: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A badly drawn copy of a clean drawing (same size, still binary ink on paper)."""
    size = drawing.shape[0]
    ink = (drawing < 128).astype(np.float32)
    # smooth random deformation field: strokes wobble and shift by up to a few percent of the face
    amp = size * rng.uniform(0.02, 0.05)
    dx = _smooth_field(rng, size, amp, 0.05)
    dy = _smooth_field(rng, size, amp, 0.05)
    gx, gy = np.meshgrid(np.arange(size, dtype=np.float32), np.arange(size, dtype=np.float32))
    ink = cv2.remap(ink, gx + dx, gy + dy, interpolation=cv2.INTER_LINEAR, borderValue=0)
    # uneven pen: thicker in places, blurred
    if rng.random() < 0.6:
        ink = cv2.dilate(ink, np.ones((2, 2), np.uint8))
    ink = cv2.GaussianBlur(ink, (0, 0), rng.uniform(0.3, 0.9))
    # erased patches: a few pieces of stroke missing
    for _ in range(rng.integers(1, 5)):
        r = int(size * rng.uniform(0.03, 0.08))
        cx, cy = rng.integers(0, size, 2)
        cv2.circle(ink, (int(cx), int(cy)), r, 0.0, -1)
    threshold = rng.uniform(0.3, 0.5)
    return np.where(ink > threshold, INK, PAPER).astype(np.uint8)


def _long_lines(gray: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Boolean map of the long lines only: XDoG on a smoothed image, thinned, short fragments dropped."""
    smooth = cv2.GaussianBlur(gray, (0, 0), rng.uniform(0.5, 1.0))
    lines = skeletonize(_edges(smooth))
    return remove_small_objects(lines, min_size=int(rng.integers(8, 14)), connectivity=2)


def _chaikin(points: np.ndarray) -> np.ndarray:
    """One round of corner cutting: polylines of a hand-moved mouse are smooth."""
    if len(points) < 3:
        return points
    q = 0.75 * points[:-1] + 0.25 * points[1:]
    r = 0.25 * points[:-1] + 0.75 * points[1:]
    return np.concatenate([points[:1], np.stack([q, r], 1).reshape(-1, 2), points[-1:]])


def studio_strokes(photo_rgb: np.ndarray, rng: np.random.Generator) -> list[tuple[str, float, np.ndarray]]:
    """Pen strokes (tool, width, [n, 2] points in 0..1) tracing the longest coarse contours of a photo."""
    rgb = cv2.resize(photo_rgb, (WORK_SIZE, WORK_SIZE), interpolation=cv2.INTER_AREA) \
        if photo_rgb.shape[0] != WORK_SIZE else photo_rgb
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32) / 255.0
    edges = _long_lines(gray, rng).astype(np.uint8)
    # the outer contour of a one-pixel line runs along it and back: drawn with a pen, that is the line itself
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    contours = sorted(contours, key=lambda c: -cv2.arcLength(c, False))[: int(rng.integers(18, 32))]
    width = float(rng.choice(STUDIO_PEN_WIDTHS))
    strokes = []
    for contour in contours:
        simple = cv2.approxPolyDP(contour, rng.uniform(0.8, 1.6), False)[:, 0, :].astype(np.float64)
        points = _chaikin(simple + 0.5) / WORK_SIZE
        strokes.append(("pen", width, points))
    return strokes


def studio_sketch(photo_rgb: np.ndarray, size: int, rng: np.random.Generator) -> np.ndarray:
    """uint8 [size, size] studio-style drawing, rasterised like the server rasterises strokes."""
    return rasterise_strokes(studio_strokes(photo_rgb, rng), size, PEN_WIDTH_AT_WORK * size / WORK_SIZE)
