import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { rasteriseStrokes, type RasterStroke } from '../../server/inference/rasterise.ts';
import { diffWithGolden, FIXTURES } from './inference-golden.ts';

const sketch = { ink: -1, paper: 1, lineWidthPx: 1 };
const model64 = { resolution: 64, sketch };

function loadFace(): RasterStroke[] {
  const raw = JSON.parse(readFileSync(path.join(FIXTURES, 'strokes-face.json'), 'utf8')) as RasterStroke[];
  return raw.map((stroke) => ({ ...stroke, points: Float32Array.from(stroke.points) }));
}

function inkCount(tensor: Float32Array, ink = sketch.ink): number {
  return tensor.filter((value) => value === ink).length;
}

function inkAt(tensor: Float32Array, size: number, x: number, y: number): boolean {
  return tensor[y * size + x] === sketch.ink;
}

const pen = (width: number, ...xy: number[]): RasterStroke => ({
  tool: 'pen',
  width,
  points: Float32Array.from(xy.flatMap((v, i) => (i % 2 === 1 ? [v, 0.5] : [v]))),
});

describe('rasteriseStrokes', () => {
  test('matches the golden face at 64 px and 32 px', () => {
    const strokes = loadFace();
    expect(diffWithGolden(rasteriseStrokes(strokes, model64), 64, -1, 'strokes-face.expected-64.png')).toBe(0);
    const model32 = { resolution: 32, sketch: { ...sketch, lineWidthPx: 0.5 } };
    expect(diffWithGolden(rasteriseStrokes(strokes, model32), 32, -1, 'strokes-face.expected-32.png')).toBe(0);
  });

  test('an empty canvas is all paper, in the manifest values', () => {
    const tensor = rasteriseStrokes([], { resolution: 16, sketch: { ink: 0, paper: 0.75, lineWidthPx: 1 } });
    expect(tensor).toHaveLength(256);
    expect(new Set(tensor)).toEqual(new Set([0.75]));
  });

  test('a hairline pen is drawn at the training line width, one pixel wide at 64 px', () => {
    const tensor = rasteriseStrokes([pen(0.0005, 0.1, 10.5 / 64, 0.9, 10.5 / 64)], model64);
    for (let x = 8; x < 56; x++) {
      expect(inkAt(tensor, 64, x, 10)).toBe(true);
      expect(inkAt(tensor, 64, x, 9) || inkAt(tensor, 64, x, 11)).toBe(false);
    }
  });

  test('a wide pen keeps its width in canvas units at any resolution', () => {
    const stroke = pen(0.1, 0.2, 0.5, 0.8, 0.5);
    const at64 = rasteriseStrokes([stroke], model64);
    const at128 = rasteriseStrokes([stroke], { resolution: 128, sketch: { ...sketch, lineWidthPx: 2 } });
    const column = (tensor: Float32Array, size: number) =>
      Array.from({ length: size }, (_, y) => inkAt(tensor, size, size / 2, y)).filter(Boolean).length;
    // 0.1 of the side: 6.4 px at 64, 12.8 px at 128, give or take a pixel of binarisation at each edge
    expect(column(at64, 64)).toBeGreaterThanOrEqual(6);
    expect(column(at64, 64)).toBeLessThanOrEqual(8);
    expect(Math.abs(column(at128, 128) - 2 * column(at64, 64))).toBeLessThanOrEqual(2);
  });

  test('strokes are drawn in order: an eraser removes earlier ink only', () => {
    const line = pen(0.02, 0.1, 0.5, 0.9, 0.5);
    const eraser: RasterStroke = { tool: 'eraser', width: 0.2, points: Float32Array.of(0.5, 0.5, 1) };
    const erased = rasteriseStrokes([line, eraser], model64);
    expect(inkAt(erased, 64, 32, 32)).toBe(false);
    expect(inkAt(erased, 64, 10, 32)).toBe(true);
    const redrawn = rasteriseStrokes([line, eraser, line], model64);
    expect(redrawn).toEqual(rasteriseStrokes([line], model64));
  });

  test('a single point is a dot', () => {
    const tensor = rasteriseStrokes([{ tool: 'pen', width: 0.05, points: Float32Array.of(0.5, 0.5, 1) }], model64);
    expect(inkAt(tensor, 64, 32, 32)).toBe(true);
    expect(inkCount(tensor)).toBeGreaterThan(4);
    expect(inkCount(tensor)).toBeLessThan(16);
  });

  test('points off the canvas are clipped and non-finite values are skipped, never thrown', () => {
    const y = 32.5 / 64; // a pixel centre, so the line is one pixel high
    const wild: RasterStroke = { tool: 'pen', width: 0.01, points: [-5, y, 1, NaN, y, 1, 5, y, 1, Infinity, 0, 1] };
    const tensor = rasteriseStrokes([wild, { tool: 'pen', width: NaN, points: [0.5, 0.5, 1] }], model64);
    expect(inkAt(tensor, 64, 0, 32) && inkAt(tensor, 64, 63, 32)).toBe(true);
    expect(inkCount(tensor)).toBe(64);
  });
});
