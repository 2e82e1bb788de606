import { describe, expect, it } from 'vitest';
import { outlineToPath, strokePath } from '../../lib/studio/stroke-path.ts';

const wave = (pressure: (i: number) => number) => {
  const points: number[] = [];
  for (let i = 0; i < 20; i++) points.push(0.1 + i * 0.04, 0.5 + Math.sin(i / 3) * 0.1, pressure(i));
  return points;
};

/** The bounding box of a path's coordinates. */
function extent(path: string) {
  const numbers = path.match(/-?\d+(\.\d+)?/g)!.map(Number);
  const xs = numbers.filter((_, i) => i % 2 === 0);
  const ys = numbers.filter((_, i) => i % 2 === 1);
  return { minX: Math.min(...xs), maxX: Math.max(...xs), minY: Math.min(...ys), maxY: Math.max(...ys) };
}

describe('strokePath', () => {
  it('draws a closed outline around the points, in pixels of the given canvas size', () => {
    const path = strokePath({ tool: 'pen', width: 0.01, points: wave(() => 0.5) }, 500);
    expect(path).toMatch(/^M[\d.]+ [\d.]+Q.*Z$/);
    const box = extent(path);
    expect(box.minX).toBeGreaterThan(40);
    expect(box.maxX).toBeLessThan(0.9 * 500 + 10);
    expect(box.minY).toBeGreaterThan(0.4 * 500 - 10);
  });

  it('scales with the canvas, so every screen draws the same sketch', () => {
    const stroke = { tool: 'pen' as const, width: 0.01, points: wave(() => 0.5) };
    const small = extent(strokePath(stroke, 200));
    const large = extent(strokePath(stroke, 800));
    expect(large.maxX / small.maxX).toBeCloseTo(4, 0);
  });

  it('uses real pen pressure when it varies and simulates it for a mouse', () => {
    const mouse = strokePath({ tool: 'pen', width: 0.02, points: wave(() => 0.5) }, 500);
    const pen = strokePath({ tool: 'pen', width: 0.02, points: wave((i) => (i % 2 ? 0.2 : 0.9)) }, 500);
    expect(pen).not.toBe(mouse);
  });

  it('gives an eraser its full width everywhere and handles a single dot', () => {
    const eraser = extent(strokePath({ tool: 'eraser', width: 0.1, points: [0.5, 0.5, 0.5] }, 100));
    expect(eraser.maxX - eraser.minX).toBeGreaterThan(6);
    expect(strokePath({ tool: 'pen', width: 0.01, points: [] }, 100)).toBe('');
  });
});

describe('outlineToPath', () => {
  it('needs at least two points', () => {
    expect(outlineToPath([[1, 2]])).toBe('');
    expect(outlineToPath([[0, 0], [10, 0], [10, 10]])).toBe('M0 0Q0 0 5 0 10 0 10 5 10 10 5 5Z');
  });
});
