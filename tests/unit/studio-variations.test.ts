import { describe, expect, it } from 'vitest';
import { photoEdges } from '../../lib/studio/photo-edges.ts';
import { nearbySliders, VARIATION_SPREAD } from '../../lib/studio/variations.ts';

/** A deterministic random source (mulberry32). */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('nearby faces', () => {
  it('move every attribute a small random step, within [-1, 1], in hundredths', () => {
    const attributes = ['Smiling', 'Young', 'Male'];
    const random = seeded(7);
    const steps: number[] = [];
    for (let i = 0; i < 500; i++) {
      const next = nearbySliders({ Smiling: 0.9, Young: -0.2 }, attributes, random);
      expect(Object.keys(next)).toEqual(attributes);
      for (const value of Object.values(next)) {
        expect(value).toBeGreaterThanOrEqual(-1);
        expect(value).toBeLessThanOrEqual(1);
        expect(Math.round(value * 100) / 100).toBe(value);
      }
      steps.push(next.Young! + 0.2);
    }
    const mean = steps.reduce((a, b) => a + b, 0) / steps.length;
    const spread = Math.sqrt(steps.reduce((a, b) => a + (b - mean) ** 2, 0) / steps.length);
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(spread).toBeGreaterThan(VARIATION_SPREAD * 0.8);
    expect(spread).toBeLessThan(VARIATION_SPREAD * 1.2);
  });
});

describe('photo outline', () => {
  it('traces the edge of a dark disc as long polylines on its rim, ignoring flat areas', () => {
    const size = 64;
    const gray = new Float32Array(size * size);
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) gray[y * size + x] = Math.hypot(x - 32, y - 32) < 20 ? 0.1 : 0.9;
    const lines = photoEdges(gray, size);
    expect(lines.length).toBeGreaterThan(0);
    const points = lines.flatMap((line) => Array.from({ length: line.length / 2 }, (_, i) => [line[i * 2]! * size, line[i * 2 + 1]! * size]));
    expect(points.length).toBeGreaterThan(60); // most of a 126-pixel circumference
    for (const [x, y] of points) expect(Math.abs(Math.hypot(x! - 32, y! - 32) - 20)).toBeLessThan(3);
    expect(photoEdges(new Float32Array(size * size).fill(0.5), size)).toEqual([]);
  });
});
