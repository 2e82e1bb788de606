import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type FaceGeometry, type Judge, loadJudge, type RgbaImage } from '../../models/eval/judge.ts';
import { euclidean } from '../../models/eval/metrics.ts';

// The real face-api networks on tfjs-wasm, on 64 px crops of the photos shipped with face-api (see README there).
const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'eval');
const CENTRE = { x: 0.3, y: 0.3, width: 0.4, height: 0.4 };

function readFace(name: string): RgbaImage {
  const png = PNG.sync.read(readFileSync(path.join(FIXTURES, name)));
  return { width: png.width, height: png.height, rgba: png.data };
}

function mirrored(image: RgbaImage): RgbaImage {
  const rgba = new Uint8Array(image.rgba.length);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const from = (y * image.width + (image.width - 1 - x)) * 4;
      rgba.set(image.rgba.subarray(from, from + 4), (y * image.width + x) * 4);
    }
  }
  return { ...image, rgba };
}

describe('face-api judges', { timeout: 120_000 }, () => {
  let judge: Judge;
  const faces = ['face-1.png', 'face-2.png', 'face-3.png'].map(readFace);
  const geometries: FaceGeometry[] = [];

  beforeAll(async () => {
    judge = await loadJudge();
    for (const face of faces) geometries.push(await judge.locate(face, CENTRE));
  }, 120_000);

  it('detects the face in every fixture, with 68 landmarks in a face-like layout', () => {
    for (const geometry of geometries) {
      expect(geometry.detected).toBe(true);
      expect(geometry.score).toBeGreaterThanOrEqual(0.5);
      expect(geometry.landmarks).toHaveLength(68);
      const [eye, nose, mouth] = [geometry.landmarks[37]!, geometry.landmarks[30]!, geometry.landmarks[62]!];
      expect(eye.y).toBeLessThan(nose.y);
      expect(nose.y).toBeLessThan(mouth.y);
    }
  });

  it('finds no face on a blank grey image and then reads the fallback box', async () => {
    const grey: RgbaImage = { width: 64, height: 64, rgba: new Uint8Array(64 * 64 * 4).fill(128) };
    const geometry = await judge.locate(grey, CENTRE);
    expect(geometry.detected).toBe(false);
    expect(geometry.box).toEqual(CENTRE);
    expect(geometry.landmarks).toHaveLength(68);
  });

  it('gives a mirrored face a descriptor closer to its own than to anyone else', async () => {
    const placed = faces.map((image, i) => ({ image, geometry: geometries[i]! }));
    const mirrors = faces.map(mirrored);
    const mirrorGeometries: FaceGeometry[] = [];
    for (const mirror of mirrors) mirrorGeometries.push(await judge.locate(mirror, CENTRE));
    const descriptors = await judge.describe(placed);
    const mirrorDescriptors = await judge.describe(mirrors.map((image, i) => ({ image, geometry: mirrorGeometries[i]! })));
    expect(descriptors.every((d) => d.length === 128)).toBe(true);
    for (const [i, mirror] of mirrorDescriptors.entries()) {
      const self = euclidean(mirror, descriptors[i]!);
      const others = descriptors.filter((_, j) => j !== i).map((other) => euclidean(mirror, other));
      expect(self).toBeLessThan(0.6);
      expect(self).toBeLessThan(Math.min(...others));
    }
  });

  it('reads the smiling face as happier than the others, and gives plausible ages', async () => {
    const placed = faces.map((image, i) => ({ image, geometry: geometries[i]! }));
    const [first, second, smiling] = await judge.read(placed, 'happy');
    expect(smiling).toBeGreaterThan(0.9);
    expect(second).toBeLessThan(0.5);
    expect(smiling).toBeGreaterThan(first!);
    for (const age of await judge.read(placed, 'age')) expect(age).toBeGreaterThan(10);
    for (const male of await judge.read(placed, 'maleProbability')) expect(male).toBeLessThan(0.5);
  });
});
