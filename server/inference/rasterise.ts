import type { ModelSpec } from './manifest.ts';
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
 * The model's sketch tensor `[1, R, R]` for a square canvas of strokes, drawn in order (pen = ink,
 * eraser = paper), anti-aliased by supersampling and binarised like the training sketches.
 * A pen line is never thinner than the training sketches' line width, so a thin pen that would vanish
 * at the model's resolution still reads as the lines the model learnt from; an eraser is geometric.
 */
export function rasteriseStrokes(
  strokes: Iterable<RasterStroke>,
  model: Pick<ModelSpec, 'resolution' | 'sketch'>,
): Float32Array {
  const size = model.resolution * SUPERSAMPLE;
  const canvas = new Uint8Array(size * size);
  for (const stroke of strokes) {
    if (!Number.isFinite(stroke.width) || stroke.width < 0) continue;
    const widthPx =
      stroke.tool === 'pen'
        ? Math.max(model.sketch.lineWidthPx, stroke.width * model.resolution)
        : stroke.width * model.resolution;
    drawPolyline(canvas, size, stroke.points, (widthPx * SUPERSAMPLE) / 2, stroke.tool === 'pen' ? 1 : 0);
  }
  return binariseCoverage(boxDownsample(canvas, size, SUPERSAMPLE), model.sketch);
}

function drawPolyline(canvas: Uint8Array, size: number, points: ArrayLike<number>, radius: number, value: number): void {
  let previousX = NaN;
  let previousY = NaN;
  for (let i = 0; i + 1 < points.length; i += 3) {
    const x = points[i]! * size;
    const y = points[i + 1]! * size;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (Number.isNaN(previousX)) drawSegment(canvas, size, x, y, x, y, radius, value);
    else drawSegment(canvas, size, previousX, previousY, x, y, radius, value);
    previousX = x;
    previousY = y;
  }
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
  const left = Math.max(0, Math.floor(Math.min(ax, bx) - radius));
  const right = Math.min(size - 1, Math.ceil(Math.max(ax, bx) + radius));
  const top = Math.max(0, Math.floor(Math.min(ay, by) - radius));
  const bottom = Math.min(size - 1, Math.ceil(Math.max(ay, by) + radius));
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  const radiusSquared = radius * radius;
  for (let row = top; row <= bottom; row++) {
    const py = row + 0.5 - ay;
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
