import type { ModelSpec } from './manifest.ts';
import { InputError } from './errors.ts';
import { binariseCoverage } from './sketch-tensor.ts';

/** The parts of a document stroke the rasteriser reads (lib/doc): normalised 0..1 canvas coordinates. */
export interface RasterStroke {
  tool: 'pen' | 'eraser';
  /** Line width in normalised canvas units (1 = the canvas side). */
  width: number;
  /** x, y, pressure triples; pressure is ignored because the training sketches have a constant pen width. */
  points: ArrayLike<number>;
}

/** Samples per pixel side: coverage is estimated from SUPERSAMPLE² point samples per model pixel. */
const SUPERSAMPLE = 4;

/**
 * The most rasterising one sketch may cost, in sample visits of the supersampled canvas, as a multiple
 * of the canvas's own samples: enough to ink the whole canvas this many times over. A hand-drawn face
 * costs well under 5; a few kilobytes of zig-zags at the widest pen cost thousands, which is the
 * point of the cap (the work grows with segment length × width, not with the request's size).
 */
export const RASTER_LIMITS = { maxPoints: 200_000, maxCanvasCovers: 64 } as const;

/**
 * The model's sketch tensor `[1, R, R]` for a square canvas of strokes, drawn in order (pen = ink,
 * eraser = paper), anti-aliased by supersampling and binarised like the training sketches.
 * A pen line is never thinner than the training sketches' line width, so a thin pen that would vanish
 * at the model's resolution still reads as the lines the model learnt from; an eraser is geometric.
 * Sketches over RASTER_LIMITS throw an InputError before any drawing.
 */
export function rasteriseStrokes(
  strokes: Iterable<RasterStroke>,
  model: Pick<ModelSpec, 'resolution' | 'sketch'>,
): Float32Array {
  const size = model.resolution * SUPERSAMPLE;
  const list = [...strokes];
  checkRasterWork(list, model);
  const canvas = new Uint8Array(size * size);
  for (const stroke of list) {
    const radius = strokeRadius(stroke, model);
    if (radius !== null) drawPolyline(canvas, size, stroke.points, radius, stroke.tool === 'pen' ? 1 : 0);
  }
  return binariseCoverage(boxDownsample(canvas, size, SUPERSAMPLE), model.sketch);
}

/** Throws an InputError when rasterising `strokes` at the model's resolution would exceed RASTER_LIMITS. */
export function checkRasterWork(strokes: Iterable<RasterStroke>, model: Pick<ModelSpec, 'resolution' | 'sketch'>): void {
  const size = model.resolution * SUPERSAMPLE;
  const budget = RASTER_LIMITS.maxCanvasCovers * size * size;
  let points = 0;
  let work = 0;
  for (const stroke of strokes) {
    points += Math.floor(stroke.points.length / 3);
    if (points > RASTER_LIMITS.maxPoints) {
      throw new InputError(`the sketch has more than ${RASTER_LIMITS.maxPoints} points`);
    }
    const radius = strokeRadius(stroke, model);
    if (radius !== null) forEachSegment(size, stroke.points, (ax, ay, bx, by) => (work += segmentWork(size, ax, ay, bx, by, radius)));
  }
  if (work > budget) {
    throw new InputError(
      `the sketch is too much work to draw: its lines would cover the canvas ${Math.round(work / (size * size))} times over; the limit is ${RASTER_LIMITS.maxCanvasCovers}`,
    );
  }
}

/** Half the line width in supersampled pixels; null for a stroke that draws nothing. */
function strokeRadius(stroke: RasterStroke, model: Pick<ModelSpec, 'resolution' | 'sketch'>): number | null {
  if (!Number.isFinite(stroke.width) || stroke.width < 0) return null;
  const widthPx =
    stroke.tool === 'pen' ? Math.max(model.sketch.lineWidthPx, stroke.width * model.resolution) : stroke.width * model.resolution;
  return (widthPx * SUPERSAMPLE) / 2;
}

/** Calls `segment` for each segment of a polyline in canvas samples (a lone point is a zero-length segment). */
function forEachSegment(
  size: number,
  points: ArrayLike<number>,
  segment: (ax: number, ay: number, bx: number, by: number) => void,
): void {
  let previousX = NaN;
  let previousY = NaN;
  for (let i = 0; i + 1 < points.length; i += 3) {
    const x = points[i]! * size;
    const y = points[i + 1]! * size;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (Number.isNaN(previousX)) segment(x, y, x, y);
    else segment(previousX, previousY, x, y);
    previousX = x;
    previousY = y;
  }
}

function drawPolyline(canvas: Uint8Array, size: number, points: ArrayLike<number>, radius: number, value: number): void {
  forEachSegment(size, points, (ax, ay, bx, by) => drawSegment(canvas, size, ax, ay, bx, by, radius, value));
}

/**
 * The rows a segment's capsule touches, clipped to the canvas, and for one of them the columns that can
 * hold a sample within `radius` of the segment. A sample that close has a segment point within
 * `radius` both across and along the row; a sample more margin is kept so rounding never drops one.
 */
function segmentRows(size: number, ay: number, by: number, radius: number): { top: number; bottom: number } {
  return {
    top: Math.max(0, Math.floor(Math.min(ay, by) - radius)),
    bottom: Math.min(size - 1, Math.ceil(Math.max(ay, by) + radius)),
  };
}

function rowColumns(
  size: number,
  row: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
  radius: number,
): { left: number; right: number } {
  const reach = radius + 1;
  const dy = by - ay;
  const py = row + 0.5 - ay;
  let tLow = 0;
  let tHigh = 1;
  if (dy !== 0) {
    const t1 = (py - reach) / dy;
    const t2 = (py + reach) / dy;
    tLow = Math.max(0, Math.min(t1, t2));
    tHigh = Math.min(1, Math.max(t1, t2));
  } else if (Math.abs(py) > reach) {
    tHigh = -1; // the row is out of reach
  }
  if (tLow > tHigh) return { left: 0, right: -1 };
  const x1 = ax + tLow * (bx - ax);
  const x2 = ax + tHigh * (bx - ax);
  return {
    left: Math.max(0, Math.floor(Math.min(x1, x2) - reach)),
    right: Math.min(size - 1, Math.ceil(Math.max(x1, x2) + reach)),
  };
}

/** How many samples drawSegment visits: what RASTER_LIMITS counts. */
function segmentWork(size: number, ax: number, ay: number, bx: number, by: number, radius: number): number {
  const { top, bottom } = segmentRows(size, ay, by, radius);
  if (bottom < top) return 0;
  // Every row's column span is the same width, give or take the clipping: take the widest of three.
  let widest = 0;
  for (const row of [top, (top + bottom) >> 1, bottom]) {
    const { left, right } = rowColumns(size, row, ax, ay, bx, by, radius);
    widest = Math.max(widest, right - left + 1);
  }
  return (bottom - top + 1) * (widest + 2);
}

/** Sets every sample whose centre lies within `radius` of the segment (a capsule: round caps and joins). */
function drawSegment(
  canvas: Uint8Array,
  size: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
  radius: number,
  value: number,
): void {
  const { top, bottom } = segmentRows(size, ay, by, radius);
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  const radiusSquared = radius * radius;
  for (let row = top; row <= bottom; row++) {
    const py = row + 0.5 - ay;
    const { left, right } = rowColumns(size, row, ax, ay, bx, by, radius);
    for (let column = left; column <= right; column++) {
      const px = column + 0.5 - ax;
      const t = lengthSquared > 0 ? Math.min(1, Math.max(0, (px * dx + py * dy) / lengthSquared)) : 0;
      const ex = px - t * dx;
      const ey = py - t * dy;
      if (ex * ex + ey * ey <= radiusSquared) canvas[row * size + column] = value;
    }
  }
}

function boxDownsample(canvas: Uint8Array, size: number, factor: number): Float32Array {
  const out = size / factor;
  const coverage = new Float32Array(out * out);
  for (let row = 0; row < size; row++) {
    const outRow = ((row / factor) | 0) * out;
    for (let column = 0; column < size; column++) {
      coverage[outRow + ((column / factor) | 0)]! += canvas[row * size + column]!;
    }
  }
  const samples = factor * factor;
  for (let i = 0; i < coverage.length; i++) coverage[i]! /= samples;
  return coverage;
}
