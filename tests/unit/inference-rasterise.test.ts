import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { InputError } from '../../server/inference/errors.ts';
import { checkRasterWork, RASTER_LIMITS, rasteriseStrokes, type RasterStroke } from '../../server/inference/rasterise.ts';
import { binariseCoverage } from '../../server/inference/sketch-tensor.ts';
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

/** The rasteriser as first written: every sample of each segment's bounding box is tested. */
function boundingBoxRasterise(strokes: RasterStroke[], model: { resolution: number; sketch: typeof sketch }): Float32Array {
  const size = model.resolution * 4;
  const canvas = new Uint8Array(size * size);
  for (const stroke of strokes) {
    const widthPx = stroke.tool === 'pen' ? Math.max(model.sketch.lineWidthPx, stroke.width * model.resolution) : stroke.width * model.resolution;
    const radius = widthPx * 2;
    let [px, py] = [NaN, NaN];
    for (let i = 0; i + 1 < stroke.points.length; i += 3) {
      const [bx, by] = [stroke.points[i]! * size, stroke.points[i + 1]! * size];
      const [ax, ay] = Number.isNaN(px) ? [bx, by] : [px, py];
      const [dx, dy] = [bx - ax, by - ay];
      const lengthSquared = dx * dx + dy * dy;
      for (let row = Math.max(0, Math.floor(Math.min(ay, by) - radius)); row <= Math.min(size - 1, Math.ceil(Math.max(ay, by) + radius)); row++) {
        for (let column = Math.max(0, Math.floor(Math.min(ax, bx) - radius)); column <= Math.min(size - 1, Math.ceil(Math.max(ax, bx) + radius)); column++) {
          const [qx, qy] = [column + 0.5 - ax, row + 0.5 - ay];
          const t = lengthSquared > 0 ? Math.min(1, Math.max(0, (qx * dx + qy * dy) / lengthSquared)) : 0;
          if ((qx - t * dx) ** 2 + (qy - t * dy) ** 2 <= radius * radius) canvas[row * size + column] = stroke.tool === 'pen' ? 1 : 0;
        }
      }
      [px, py] = [bx, by];
    }
  }
  const coverage = new Float32Array(model.resolution ** 2);
  for (let i = 0; i < canvas.length; i++) coverage[Math.floor(Math.floor(i / size) / 4) * model.resolution + Math.floor((i % size) / 4)]! += canvas[i]! / 16;
  return binariseCoverage(coverage, model.sketch);
}

describe('rasterising work', () => {
  test('visits only the samples near each segment, and draws exactly what a bounding-box scan draws', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const strokes: RasterStroke[] = Array.from({ length: 40 }, (_, i) => ({
      tool: i % 7 === 6 ? 'eraser' : 'pen',
      width: 0.0005 + random() * (i % 5 === 0 ? 0.2 : 0.02),
      points: Float32Array.from({ length: 3 * (1 + Math.floor(random() * 12)) }, (_, k) => (k % 3 === 2 ? 0.5 : random() * 1.2 - 0.1)),
    }));
    for (const model of [model64, { resolution: 32, sketch: { ...sketch, lineWidthPx: 0.5 } }]) {
      expect(rasteriseStrokes(strokes, model)).toEqual(boundingBoxRasterise(strokes, model));
    }
    const face = loadFace();
    expect(rasteriseStrokes(face, model64)).toEqual(boundingBoxRasterise(face, model64));
  }, 60_000);

  test('refuses a zig-zag of wide lines corner to corner (80 KB that took 6 s to draw) before drawing it', () => {
    const zigzag = Array.from({ length: 10_000 }, (_, i) => (i % 2 ? [1, 1, 1] : [0, 0, 1])).flat();
    const attack: RasterStroke = { tool: 'pen', width: 0.25, points: zigzag };
    expect(() => rasteriseStrokes([attack], model64)).toThrow(InputError);
    expect(() => checkRasterWork([attack], model64)).toThrow(/too much work to draw: its lines would cover the canvas \d+ times over; the limit is 64/);
  });

  test('refuses more points than the limit however they are drawn', () => {
    const dots = Array.from({ length: RASTER_LIMITS.maxPoints + 1 }, () => [0.5, 0.5, 1]).flat();
    expect(() => checkRasterWork([{ tool: 'pen', width: 0.001, points: dots }], model64)).toThrow(/more than 200000 points/);
  });

  test('leaves room for a real drawing, at the model size and at the saved-picture size', () => {
    const face = loadFace();
    expect(() => checkRasterWork(face, model64)).not.toThrow();
    expect(() => checkRasterWork(face, { resolution: 256, sketch: { ...sketch, lineWidthPx: 1.5 } })).not.toThrow();
    const hatching = Array.from({ length: 400 }, (_, i): RasterStroke => pen(0.02, 0.05, (i % 100) / 100, 0.95, (i % 100) / 100));
    expect(() => checkRasterWork(hatching, model64)).not.toThrow();
  });
});
